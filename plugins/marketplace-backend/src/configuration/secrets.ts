import { JsonValue } from '@backstage/types';
import { EnvironmentVariableSpec } from '@internal/backstage-plugin-marketplace-common';
import { SchemaField, toPointer } from './schemaFields';

/** `${NAME}`: how app-config refers to an environment variable. */
export const ENV_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The same, as a JSON Schema `pattern` for forms. */
export const ENV_REFERENCE_PATTERN = '^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$';

// Keys that hold secrets by name, where no schema says otherwise.
const SECRET_KEY = /(password|passwd|secret|token|apikey|api_key|privatekey|private_key|credentials?)$/i;

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The environment variable a `${NAME}` string refers to. */
export function envReferenceName(value: unknown): string | undefined {
  return typeof value === 'string' ? ENV_REFERENCE.exec(value)?.[1] : undefined;
}

/**
 * Whether a config value is read from elsewhere when the config loads rather
 * than written in the file: `${NAME}`, or Backstage's `$env`/`$file` forms.
 */
export function isReference(value: unknown): boolean {
  if (envReferenceName(value) !== undefined) return true;
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && ['$env', '$file'].includes(keys[0]) && typeof value[keys[0]] === 'string';
}

/** Whether a key's name says it holds a secret (`token`, `clientSecret`, `apiKey`…). */
export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key);
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(w => w.toLowerCase());
}

/**
 * The environment variable a secret field should be read from: the plugin's
 * declared secret variable that shares the most words with the field's path
 * (`/aika/model/apiKey` → `AIKA_API_KEY`), else one named after the path.
 */
export function suggestEnvVar(field: Pick<SchemaField, 'segments'>, declared: EnvironmentVariableSpec[]): string {
  const own = new Set(words(field.segments[field.segments.length - 1]));
  const all = new Set(field.segments.flatMap(words));
  let best: { name: string; score: number } | undefined;
  for (const spec of declared) {
    const specWords = words(spec.name);
    // It must name the field itself (KEY, TOKEN…), not only the plugin.
    if (!specWords.some(w => own.has(w))) continue;
    const score = specWords.filter(w => all.has(w)).length - 0.1 * specWords.filter(w => !all.has(w)).length;
    if (!best || score > best.score) best = { name: spec.name, score };
  }
  return best?.name ?? field.segments.flatMap(words).join('_').toUpperCase();
}

/** A secret written in plain text, by pointer. */
export interface PlainSecret {
  path: string;
  segments: string[];
}

/**
 * Finds values that are secrets but written as plain text: fields the
 * schemas mark secret, and, where no schema describes a key, keys named like
 * secrets. References (`${NAME}`, `$env`, `$file`) and empty strings pass.
 */
export function findPlainSecrets(
  data: JsonValue | undefined,
  described: Map<string, Pick<SchemaField, 'secret'>>,
): PlainSecret[] {
  const found: PlainSecret[] = [];
  const visit = (value: JsonValue | undefined, segments: string[]) => {
    if (value === undefined || value === null || isReference(value)) return;
    const path = toPointer(segments);
    const field = described.get(path);
    const key = segments[segments.length - 1];
    const secret = field ? field.secret : key !== undefined && looksSecret(key);
    if (secret) {
      if (typeof value === 'string' || typeof value === 'number') {
        if (value !== '') found.push({ path, segments });
        return;
      }
      if (field && typeof value !== 'boolean') {
        found.push({ path, segments });
        return;
      }
      // A key named like a secret that holds an object (`credentials: {…}`): look inside.
    }
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...segments, String(i)]));
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) visit(v, [...segments, k]);
  };
  visit(data, []);
  return found;
}

/** The message for a secret written in plain text; never repeats the value. */
export function plainSecretMessage(envVar: string): string {
  return `is a secret: write it as a reference to an environment variable of the backend, such as \${${envVar}}; a plain value is never written to the file`;
}
