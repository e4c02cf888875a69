import { ConflictError } from '@backstage/errors';
import { JsonObject, JsonValue } from '@backstage/types';
import { Document, isMap, isNode, isScalar, Node, Pair, parseDocument, YAMLMap } from 'yaml';

/** How the document is written back: no folding and no padding in `[a, b]`, as people write app-config. */
const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(node: unknown, value: JsonValue): boolean {
  const current = isNode(node) ? node.toJSON() : node;
  return JSON.stringify(current) === JSON.stringify(value);
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find(item => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === key) as Pair | undefined;
}

/** Sets `value` into `map` at `key`, merging into mappings that are there and leaving equal values alone. */
function mergeInto(doc: Document, map: YAMLMap, key: string, value: JsonValue | undefined): boolean {
  if (value === undefined) return false;
  const pair = pairOf(map, key);
  if (!pair) {
    map.add(doc.createPair(key, value));
    return true;
  }
  if (isObject(value) && isMap(pair.value)) {
    let changed = false;
    for (const [childKey, child] of Object.entries(value)) {
      changed = mergeInto(doc, pair.value, childKey, child) || changed;
    }
    return changed;
  }
  if (sameValue(pair.value, value)) return false;
  const node = doc.createNode(value);
  // A comment on the value it replaces stays with the key.
  if (isScalar(pair.value) && pair.value.comment && isScalar(node)) node.comment = pair.value.comment;
  pair.value = node;
  return true;
}

/** A plugin's part of app-config and the comment over the sections it adds. */
export interface AppConfigPart {
  config: JsonObject;
  /** Written over each top-level section the part adds (not over sections that were there). */
  comment?: string;
}

/**
 * Merges plugins' parts of app-config into an app-config.yaml text with
 * yaml's Document API: mappings are merged key by key, other values
 * replaced, and everything else, comments and order included, stays as it
 * was. New top-level sections go last, a blank line before each. Values are
 * written as given, so `${ENV_NAME}` references stay references. Merging the
 * same parts again changes nothing.
 *
 * @param path - the file's path, for the error when it is not a YAML mapping
 */
export function mergeAppConfig(text: string, parts: AppConfigPart[], path: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new ConflictError(`${path} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    doc.contents = new YAMLMap() as any;
  }
  if (!isMap(doc.contents)) throw new ConflictError(`${path} is not a mapping of config keys`);
  const root = doc.contents as YAMLMap;
  root.flow = false;

  let changed = false;
  for (const { config, comment } of parts) {
    for (const [key, value] of Object.entries(config)) {
      const existed = pairOf(root, key) !== undefined;
      changed = mergeInto(doc, root, key, value) || changed;
      if (existed) continue;
      const keyNode = pairOf(root, key)?.key as Node | undefined;
      if (!keyNode) continue;
      if (root.items.length > 1) keyNode.spaceBefore = true;
      if (comment) keyNode.commentBefore = ` ${comment}`;
    }
  }
  return changed ? doc.toString(TO_STRING) : text;
}
