import { JsonObject, JsonValue } from '@backstage/types';

/** One key of a plugin's configuration, as the configuration table shows it. */
export interface ConfigKey {
  /** Dotted, with `[]` for array items and `*` for free-form keys: `todo.sources[].token`. */
  path: string;
  type: string;
  description?: string;
  /** Required within its parent object. */
  required: boolean;
  /** `@visibility secret` (or `deepVisibility: secret` above it): never shown once set. */
  secret: boolean;
}

// Schemas are data from the registry; the depth limit keeps a pathological
// one from making a page of thousands of rows.
const MAX_DEPTH = 12;
const SECRET_TAG = /@visibility\s+secret/i;

function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? value
    : undefined;
}

function asObjects(value: JsonValue | undefined): JsonObject[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap(v => {
    const object = asObject(v);
    return object ? [object] : [];
  });
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The node with its `allOf` branches merged in: their properties and required keys count as its own. */
function flattenAllOf(node: JsonObject): JsonObject {
  const branches = asObjects(node.allOf).map(flattenAllOf);
  if (branches.length === 0) return node;
  return {
    ...node,
    properties: Object.assign(
      {},
      ...branches.map(b => asObject(b.properties) ?? {}),
      asObject(node.properties) ?? {},
    ),
    required: [...strings(node.required), ...branches.flatMap(b => strings(b.required))],
  };
}

function typeOf(node: JsonObject): string {
  if (Array.isArray(node.enum)) return `one of ${node.enum.map(v => JSON.stringify(v)).join(', ')}`;
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (typeof node.type === 'string') {
    const items = asObject(node.items);
    return node.type === 'array' && items ? `array of ${typeOf(items)}` : node.type;
  }
  if (Array.isArray(node.type)) return strings(node.type).join(' | ');
  const alternatives = [...asObjects(node.anyOf), ...asObjects(node.oneOf)];
  if (alternatives.length) return [...new Set(alternatives.map(typeOf))].join(' | ');
  if (node.properties) return 'object';
  if (typeof node.$ref === 'string') return `see ${node.$ref}`;
  return 'any';
}

function isSecret(node: JsonObject): boolean {
  return (
    node.visibility === 'secret' ||
    (typeof node.description === 'string' && SECRET_TAG.test(node.description))
  );
}

function describe(node: JsonObject): string | undefined {
  if (typeof node.description !== 'string') return undefined;
  return node.description.replace(SECRET_TAG, '').trim() || undefined;
}

/**
 * Every key a plugin's JSON Schema describes, parents before children, so
 * that people can read what to configure without reading JSON Schema.
 */
export function configKeys(schema: JsonObject | undefined): ConfigKey[] {
  const keys: ConfigKey[] = [];

  const visit = (
    raw: JsonObject,
    path: string,
    secretAbove: boolean,
    depth: number,
    alternative = false,
  ) => {
    if (depth > MAX_DEPTH) return;
    const node = flattenAllOf(raw);
    const deepSecret = secretAbove || node.deepVisibility === 'secret';
    // Keys of one alternative (anyOf/oneOf) are required only when that one is chosen.
    const required = new Set(alternative ? [] : strings(node.required));
    const children: Array<[string, JsonObject, boolean]> = [];
    for (const [name, child] of Object.entries(asObject(node.properties) ?? {})) {
      const childNode = asObject(child);
      if (childNode) children.push([path ? `${path}.${name}` : name, childNode, required.has(name)]);
    }
    const free = asObject(node.additionalProperties);
    if (free) children.push([path ? `${path}.*` : '*', free, false]);
    for (const branch of [...asObjects(node.anyOf), ...asObjects(node.oneOf)]) {
      visit(branch, path, deepSecret, depth + 1, true);
    }
    const items = asObject(node.items);
    if (items) visit(items, `${path}[]`, deepSecret, depth + 1);

    for (const [childPath, child, childRequired] of children) {
      const merged = flattenAllOf(child);
      if (keys.some(k => k.path === childPath)) continue;
      keys.push({
        path: childPath,
        type: typeOf(merged),
        description: describe(merged),
        required: childRequired,
        secret: deepSecret || isSecret(merged) || merged.deepVisibility === 'secret',
      });
      visit(merged, childPath, deepSecret, depth + 1);
    }
  };

  if (schema) visit(schema, '', false, 0);
  return keys;
}
