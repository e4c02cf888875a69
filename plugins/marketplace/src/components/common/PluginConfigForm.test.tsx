import { fireEvent, render, screen } from '@testing-library/react';
import { PluginConfigForm } from './PluginConfigForm';

jest.setTimeout(30_000);

const schema = {
  type: 'object',
  properties: {
    todo: {
      type: 'object',
      properties: {
        baseUrl: { type: 'string', title: 'Base URL' },
        token: { type: 'string', title: 'Token', 'x-visibility': 'secret' },
      },
    },
  },
};

describe('PluginConfigForm', () => {
  it("links the backend's error for a field to that field's input", () => {
    render(
      <PluginConfigForm
        schema={schema}
        formData={{ todo: { baseUrl: 'ftp://todo' } }}
        onChange={() => {}}
        errors={[
          { path: '/todo/baseUrl', message: 'must be an https URL' },
          { path: '/todo/token', message: 'must be a ${NAME} reference' },
        ]}
      />,
    );

    expect(screen.getByRole('textbox', { name: 'Base URL' })).toHaveAccessibleDescription('must be an https URL');
    expect(screen.getByRole('textbox', { name: /^Token/ })).toHaveAccessibleDescription(
      /must be a \$\{NAME\} reference/,
    );
  });

  it('asks for the name of the environment variable that holds a secret, and writes a reference', () => {
    const onChange = jest.fn();
    render(
      <PluginConfigForm
        schema={schema}
        formData={{ todo: { token: '${OLD_TOKEN}' } }}
        onChange={onChange}
        environment={{ integrations: [], environmentVariables: { OLD_TOKEN: false, TODO_TOKEN: true } }}
      />,
    );

    const token = screen.getByRole('textbox', { name: 'Token (environment variable name)' });
    expect(token).toHaveValue('OLD_TOKEN');
    expect(token).toHaveAccessibleDescription(/OLD_TOKEN is not set on the backend yet/);

    fireEvent.change(token, { target: { value: 'TODO_TOKEN' } });
    expect(onChange).toHaveBeenLastCalledWith({ todo: { token: '${TODO_TOKEN}' } });
  });

  it("leaves explaining a secret to the backend's help text when it gives one", () => {
    render(
      <PluginConfigForm
        schema={schema}
        uiSchema={{ todo: { token: { 'ui:help': 'Secret: a reference such as ${TODO_TOKEN}.' } } }}
        formData={{}}
        onChange={() => {}}
      />,
    );

    expect(screen.getByText('Secret: a reference such as ${TODO_TOKEN}.')).toBeInTheDocument();
    expect(screen.queryByText(/the value stays on the backend/)).not.toBeInTheDocument();
  });
});
