import { JsonObject, JsonValue } from '@backstage/types';
import { ConfigFieldError } from '@internal/backstage-plugin-marketplace-common';
import { ErrorSchema } from '@rjsf/utils';

/** The widget name the config form registers for secret fields. */
export const ENV_VAR_WIDGET = 'envVar';

/** `/a~1b/c` → `['a/b', 'c']`; the empty pointer is the document itself. */
export function parsePointer(pointer: string): string[] {
  if (!pointer || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The backend's validation errors as an `@rjsf/core` error schema, so that
 * each message shows at its field; errors on the whole document show at the
 * top of the form.
 */
export function toErrorSchema(errors: ConfigFieldError[]): ErrorSchema {
  const root: Record<string, any> = {};
  for (const error of errors) {
    let node = root;
    for (const key of parsePointer(error.path)) {
      node[key] = node[key] ?? {};
      node = node[key];
    }
    node.__errors = [...(node.__errors ?? []), error.message];
  }
  return root as ErrorSchema;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Backstage marks secrets with `visibility: secret` (also seen as `x-visibility`). */
function isSecret(schema: JsonObject): boolean {
  return schema.visibility === 'secret' || schema['x-visibility'] === 'secret';
}

/** The pointers of every secret property in a JSON Schema (objects only, not arrays). */
export function secretPaths(schema: JsonValue | undefined, prefix = ''): string[] {
  if (!isObject(schema)) return [];
  if (isSecret(schema)) return [prefix];
  const properties = schema.properties;
  if (!isObject(properties)) return [];
  return Object.entries(properties).flatMap(([key, child]) =>
    secretPaths(child, `${prefix}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}

/**
 * The uiSchema with every secret field (from the schema and from the
 * backend's field list) edited as the name of an environment variable: a
 * secret's value never goes through the browser or into the config file.
 */
export function withSecretWidgets(uiSchema: JsonObject, paths: string[]): JsonObject {
  const result = JSON.parse(JSON.stringify(uiSchema)) as JsonObject;
  for (const path of paths) {
    const keys = parsePointer(path);
    if (keys.length === 0) continue;
    let node = result;
    for (const key of keys) {
      if (!isObject(node[key])) node[key] = {};
      node = node[key] as JsonObject;
    }
    node['ui:widget'] = ENV_VAR_WIDGET;
  }
  return result;
}

const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** `${TODO_TOKEN}` → `TODO_TOKEN`; anything else as it is. */
export function envVarName(value: unknown): string {
  if (typeof value !== 'string') return '';
  return REFERENCE.exec(value)?.[1] ?? value;
}

/** `TODO_TOKEN` → `${TODO_TOKEN}`; empty stays empty. */
export function envVarReference(name: string): string | undefined {
  const trimmed = name.trim();
  return trimmed ? `\${${trimmed}}` : undefined;
}

/** Whether a schema describes any configuration at all. */
export function hasConfiguration(schema: JsonObject | undefined): boolean {
  if (!schema) return false;
  const properties = schema.properties;
  return isObject(properties) && Object.keys(properties).length > 0;
}
