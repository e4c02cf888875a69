import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { PluginSpecification } from '../types/PluginSpecification';
import { pluginSpecificationSchema } from './pluginSpecificationSchema';

/**
 * One thing wrong with a value, tied to the field it is about.
 *
 * @public
 */
export interface FieldError {
  /** JSON pointer of the field, e.g. `/author/name`; `/` for the whole value. */
  field: string;
  message: string;
}

/**
 * The outcome of validating untrusted data.
 *
 * @public
 */
export type ValidationResult<T> =
  | { valid: true; value: T }
  | { valid: false; errors: FieldError[] };

// Loose on purpose: allows prerelease and build metadata, nothing else.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
    addFormats(ajv);
    ajv.addFormat('semver', SEMVER);
    compiled = ajv.compile(pluginSpecificationSchema);
  }
  return compiled;
}

/**
 * Turns ajv's errors into messages that name the field, e.g.
 * `/author/name: must be a string`, `/: missing required field "version"`.
 *
 * @public
 */
export function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of errors ?? []) {
    let field = error.instancePath || '/';
    let message: string;
    switch (error.keyword) {
      case 'required': {
        const missing = (error.params as { missingProperty: string }).missingProperty;
        field = `${error.instancePath}/${missing}`;
        message = 'is required';
        break;
      }
      case 'additionalProperties': {
        const extra = (error.params as { additionalProperty: string }).additionalProperty;
        field = `${error.instancePath}/${extra}`;
        message = 'is not a known field';
        break;
      }
      case 'enum':
        message = `must be one of: ${(
          error.params as { allowedValues: unknown[] }
        ).allowedValues.join(', ')}`;
        break;
      case 'format':
        message = `must be a valid ${(error.params as { format: string }).format}`;
        break;
      case 'pattern':
        message = error.parentSchema?.description
          ? `must contain only ${error.parentSchema.description}`
          : `must match ${(error.params as { pattern: string }).pattern}`;
        break;
      default:
        message = error.message ?? 'is invalid';
    }
    const key = `${field} ${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push({ field, message });
    }
  }
  return result;
}

/**
 * Formats field errors as one line, for logs and error responses.
 *
 * @public
 */
export function formatFieldErrors(errors: FieldError[]): string {
  return errors.map(e => `${e.field}: ${e.message}`).join('; ');
}

/**
 * Validates untrusted data against the PluginSpecification JSON Schema.
 *
 * @public
 */
export function validatePluginSpecification(
  value: unknown,
): ValidationResult<PluginSpecification> {
  const validate = validator();
  if (validate(value)) {
    return { valid: true, value: value as PluginSpecification };
  }
  return { valid: false, errors: toFieldErrors(validate.errors) };
}
