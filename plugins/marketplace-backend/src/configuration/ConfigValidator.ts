import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  ConfigFieldError,
  ConfigValidation,
  EnvironmentVariableSpec,
  toFieldErrors,
} from '@internal/backstage-plugin-marketplace-common';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fromPointer, outlineSchema, SchemaField } from './schemaFields';
import { findPlainSecrets, isReference, plainSecretMessage, suggestEnvVar } from './secrets';
import { parseConfigYaml } from './yamlDocument';

/** A plugin's config schema and the environment variables it declares. */
export interface PluginConfigSchema {
  pluginId: string;
  /** JSON Schema of the app-config root, as `PluginSpecification.configSchema`. */
  schema?: JsonObject;
  environmentVariables?: EnvironmentVariableSpec[];
}

const MAX_CACHED = 500;

function valueAt(data: JsonValue | undefined, segments: string[]): JsonValue | undefined {
  let current = data;
  for (const segment of segments) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (typeof current === 'object' && current !== null) current = current[segment];
    else return undefined;
  }
  return current;
}

const BRANCH = /\/(oneOf|anyOf)\/(\d+)\//g;

/**
 * Of the errors ajv reports for every branch of a `oneOf`, keeps those of the
 * branch the data meant (the one whose discriminator matched, with the fewest
 * errors), so a field error says what is wrong rather than "must match one schema".
 */
function narrowBranches(errors: ErrorObject[]): ErrorObject[] {
  const byUnion = new Map<string, Map<number, ErrorObject[]>>();
  for (const error of errors) {
    const matches = [...error.schemaPath.matchAll(BRANCH)];
    const last = matches[matches.length - 1];
    if (!last) continue;
    const union = error.schemaPath.slice(0, last.index! + last[1].length + 1);
    const branches = byUnion.get(union) ?? new Map<number, ErrorObject[]>();
    const index = Number(last[2]);
    branches.set(index, [...(branches.get(index) ?? []), error]);
    byUnion.set(union, branches);
  }
  const dropped = new Set<ErrorObject>();
  for (const [union, branches] of byUnion) {
    const candidates = [...branches.values()].filter(list => !list.some(e => e.keyword === 'const' || e.keyword === 'enum'));
    if (candidates.length === 0) continue;
    const chosen = candidates.sort((a, b) => a.length - b.length)[0];
    for (const list of branches.values()) if (list !== chosen) list.forEach(e => dropped.add(e));
    for (const e of errors) {
      if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && `${e.schemaPath}/` === union) dropped.add(e);
    }
  }
  return errors.filter(e => !dropped.has(e));
}

/**
 * Validates app-config data against plugins' config schemas (ajv) and refuses
 * secrets written in plain text. Errors point at fields (JSON pointers) and,
 * for YAML, at lines. Compiled schemas are kept, keyed by their content.
 */
export class ConfigValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction | undefined>();

  private constructor(private readonly logger?: LoggerService) {
    this.ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    addFormats(this.ajv);
  }

  static create(options: { logger?: LoggerService } = {}): ConfigValidator {
    return new ConfigValidator(options.logger);
  }

  private compile(pluginId: string, schema: JsonObject): ValidateFunction | undefined {
    const key = JSON.stringify(schema);
    if (this.compiled.has(key)) return this.compiled.get(key);
    if (this.compiled.size >= MAX_CACHED) this.compiled.clear();
    let validate: ValidateFunction | undefined;
    try {
      const { $schema: _schema, $id: _id, ...rest } = schema;
      validate = this.ajv.compile(rest);
    } catch (error) {
      // A plugin author's broken schema must not block everyone's config.
      this.logger?.warn(`Config schema of ${pluginId} cannot be used for validation: ${error}`);
    }
    this.compiled.set(key, validate);
    return validate;
  }

  /** Every field the schemas describe, by pointer; secret when any schema says so. */
  describe(schemas: PluginConfigSchema[]) {
    const described = new Map<string, SchemaField & { envVar: string }>();
    for (const { schema, environmentVariables } of schemas) {
      for (const field of outlineSchema(schema).fields) {
        const existing = described.get(field.path);
        if (existing && (existing.secret || !field.secret)) continue;
        described.set(field.path, { ...field, envVar: suggestEnvVar(field, (environmentVariables ?? []).filter(v => v.secret)) });
      }
    }
    return described;
  }

  /** Validates data; `lineOf` adds the line of each field for data read from YAML. */
  validate(
    data: JsonObject,
    schemas: PluginConfigSchema[],
    lineOf?: (segments: string[]) => number | undefined,
  ): ConfigFieldError[] {
    const errors: ConfigFieldError[] = [];
    const seen = new Set<string>();
    const add = (error: ConfigFieldError) => {
      const key = `${error.path} ${error.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      const line = lineOf?.(fromPointer(error.path));
      errors.push(line === undefined ? error : { ...error, line });
    };

    const described = this.describe(schemas);
    for (const secret of findPlainSecrets(data, described)) {
      const envVar = described.get(secret.path)?.envVar ?? secret.segments.join('_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
      add({ path: secret.path, message: plainSecretMessage(envVar) });
    }

    for (const { pluginId, schema } of schemas) {
      if (!schema) continue;
      const validate = this.compile(pluginId, schema);
      if (!validate || validate(data)) continue;
      const relevant = narrowBranches(validate.errors ?? []).filter(e => {
        if (e.keyword === 'if') return false;
        // `${PORT}` in a number field: the value is only known when the config loads.
        return !isReference(valueAt(data, fromPointer(e.instancePath)));
      });
      for (const error of toFieldErrors(relevant)) {
        add({ path: error.field === '/' ? '' : error.field, message: error.message });
      }
    }
    return errors;
  }

  /** Parses and validates a whole managed file. */
  validateYaml(text: string, schemas: PluginConfigSchema[]): ConfigValidation & { data?: JsonObject; empty?: boolean } {
    const parsed = parseConfigYaml(text);
    if (!parsed.data) return { valid: false, errors: parsed.errors };
    const errors = this.validate(parsed.data, schemas, parsed.lineOf);
    return { valid: errors.length === 0, errors, data: parsed.data, empty: parsed.empty };
  }
}

/** One line naming every field error, for an InputError. */
export function describeErrors(errors: ConfigFieldError[]): string {
  return errors
    .map(e => `${e.path || '(document)'}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`)
    .join('; ');
}
