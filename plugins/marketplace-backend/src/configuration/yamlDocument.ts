import { JsonObject, JsonValue } from '@backstage/types';
import { ConfigFieldError } from '@internal/backstage-plugin-marketplace-common';
import { structuredPatch } from 'diff';
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';

/** The body of an empty managed file: a document Backstage's config loader reads as no config. */
export const EMPTY_BODY = '{}\n';

/** Largest managed file accepted, in characters. */
export const MAX_YAML_LENGTH = 512 * 1024;

/** A YAML text parsed for config: the data, its errors, and where each field is. */
export interface ParsedConfigYaml {
  /** The data, when the text parsed to a mapping (or nothing). */
  data?: JsonObject;
  /** The text holds no document at all (only comments, `null`, `~`): written as `{}`. */
  empty?: boolean;
  errors: ConfigFieldError[];
  /** The 1-based line of the field at a JSON pointer, or of its nearest ancestor that exists. */
  lineOf(segments: string[]): number | undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// yaml's messages end with the offending source lines, which may hold a secret: keep the first line.
function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Parses YAML for the managed config. Syntax errors, duplicate keys and a
 * top level that is not a mapping come back as errors with their line.
 */
export function parseConfigYaml(text: string): ParsedConfigYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const lineOf = (segments: string[]) => findLine(doc, segments, lineAt);
  if (text.length > MAX_YAML_LENGTH) {
    return { errors: [{ path: '', message: `is longer than ${MAX_YAML_LENGTH} characters` }], lineOf };
  }
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map(e => ({
        path: '',
        message: `YAML syntax: ${firstLine(e.message)}`,
        line: e.linePos?.[0]?.line,
      })),
      lineOf,
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { errors: [{ path: '', message: `YAML: ${firstLine(String((error as Error).message))}`, line: 1 }], lineOf };
  }
  if (data === null || data === undefined) return { data: {}, empty: true, errors: [], lineOf };
  if (!isObject(data)) {
    return {
      errors: [{ path: '', message: 'must be a mapping of config keys (key: value), not a list or a single value', line: lineAt(doc.contents?.range?.[0]) ?? 1 }],
      lineOf,
    };
  }
  return { data: JSON.parse(JSON.stringify(data)) as JsonObject, errors: [], lineOf };
}

function findLine(doc: Document, segments: string[], lineAt: (offset?: number) => number | undefined) {
  let node: unknown = doc.contents;
  let line = lineAt((doc.contents as Node | null)?.range?.[0]);
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(p => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      line = lineAt((pair.key as Node).range?.[0]) ?? line;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      line = lineAt(item.range?.[0]) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

/**
 * A managed file body as written: ends with a newline, and a text without a
 * document (only comments, or `null`) becomes its comments and `{}`, which
 * Backstage's config loader reads as no config. `empty` comes from parsing;
 * without it, a text of comments and blank lines counts as empty.
 */
export function normalizeBody(text: string, empty?: boolean): string {
  const body = text.replace(/\r\n/g, '\n');
  const lines = body.split('\n');
  if (empty ?? lines.every(line => /^\s*(#.*)?$/.test(line))) {
    const comments = lines.filter(line => /^\s*#/.test(line)).join('\n');
    return comments ? `${comments}\n${EMPTY_BODY}` : EMPTY_BODY;
  }
  return body.endsWith('\n') ? body : `${body}\n`;
}

function isEmpty(value: JsonValue | undefined): boolean {
  return value === undefined || (isObject(value) && Object.keys(value).length === 0);
}

/**
 * Replaces top-level sections of a managed file body (a plugin's part, e.g.
 * `aika:`) with new values, keeping everything else, comments included.
 * A section set to nothing or `{}` is removed.
 */
export function replaceSections(body: string, sections: Record<string, JsonValue | undefined>): string {
  const doc = parseDocument(body);
  if (doc.errors.length > 0) throw new Error(`The managed config is not valid YAML: ${firstLine(doc.errors[0].message)}`);
  if (!isMap(doc.contents)) {
    doc.contents = doc.createNode({}) as any;
  }
  const map = doc.contents as any;
  map.flow = false;
  for (const [key, value] of Object.entries(sections)) {
    if (isEmpty(value)) doc.delete(key);
    else doc.set(key, doc.createNode(value));
  }
  return normalizeBody(map.items.length === 0 ? EMPTY_BODY : doc.toString());
}

/** Unified diff between two versions of the managed file; empty when they are the same. */
export function unifiedDiff(before: string, after: string, name = 'app-config.marketplace.yaml'): string {
  const patch = structuredPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 });
  if (patch.hunks.length === 0) return '';
  const lines = [`--- a/${name}`, `+++ b/${name}`];
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines);
  }
  return `${lines.join('\n')}\n`;
}

/** Removes empty objects and empty strings a form leaves behind, keeping `0`, `false` and empty lists. */
export function pruneEmpty(value: JsonValue | undefined): JsonValue | undefined {
  if (value === '' || value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(v => pruneEmpty(v) ?? null);
  if (!isObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const pruned = pruneEmpty(child);
    if (pruned !== undefined) result[key] = pruned;
  }
  return Object.keys(result).length ? result : undefined;
}
