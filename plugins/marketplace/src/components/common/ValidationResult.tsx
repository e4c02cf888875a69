import { ConfigValidation } from '@internal/backstage-plugin-marketplace-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/** A validation result: valid, or each error with where it is. */
export const ValidationResult = (props: { validation: ConfigValidation; validText?: string }) => {
  const { validation, validText = 'The configuration is valid.' } = props;
  if (validation.valid) {
    return <Alert severity="success">{validText}</Alert>;
  }
  return (
    <Alert severity="error">
      <AlertTitle>The configuration has {validation.errors.length === 1 ? 'a problem' : `${validation.errors.length} problems`}</AlertTitle>
      <ul aria-label="Configuration problems">
        {validation.errors.map((error, index) => (
          <li key={index}>
            {error.line !== undefined && `Line ${error.line}: `}
            {error.path && <code>{error.path}</code>}
            {error.path && ' '}
            {error.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
};

