import { JsonObject, JsonValue } from '@backstage/types';

/**
 * A leaf of a plugin's config schema: something a person fills in.
 */
export interface SchemaField {
  /** JSON pointer from the app-config root, e.g. `/aika/model/apiKey`. */
  path: string;
  segments: string[];
  /** The field's schema as found in the plugin's schema (not a copy). */
  schema: JsonObject;
  title: string;
  description?: string;
  /** Required by the object that holds it (or by the branch that adds it). */
  required: boolean;
  /** Required, and so is every object above it up to the plugin's section: the plugin cannot run without it. */
  mandatory: boolean;
  secret: boolean;
  example?: JsonValue;
  default?: JsonValue;
  /** Shown only when the field at `path` equals `equals` (from if/then or a oneOf discriminator). */
  condition?: { path: string; equals: JsonValue };
}

/** An object of the schema that holds fields: the unit wizard steps are made of. */
export interface SchemaGroup {
  path: string;
  segments: string[];
  title: string;
  description?: string;
}

/** What a schema walk finds. */
export interface SchemaOutline {
  fields: SchemaField[];
  groups: SchemaGroup[];
}

type Condition = SchemaField['condition'];

/** Whether a node is required by its parent, and whether it is so all the way up. */
interface Need {
  required: boolean;
  mandatory: boolean;
}

const need = (parent: Need, required: boolean): Need => ({ required, mandatory: parent.mandatory && required });

const ACRONYMS = new Set(['api', 'url', 'id', 'ui', 'uri', 'http', 'https', 'sql', 'ssl', 'tls', 'ttl', 'cpu']);
const MAX_DEPTH = 12;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `apiKey` → `API key`, `retentionDays` → `Retention days`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map(w => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  if (words.length === 0 || !words[0]) return key;
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return words.join(' ');
}

/** Escapes one JSON pointer segment. */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON pointer from segments (`''` for none). */
export function toPointer(segments: string[]): string {
  return segments.map(s => `/${pointerSegment(s)}`).join('');
}

/** Splits a JSON pointer into segments. */
export function fromPointer(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Whether a schema marks its value secret: Backstage's config schemas say
 * `visibility: secret` (from `@visibility secret` in config.d.ts); some
 * hand-written schemas use `x-visibility`.
 */
export function isSecretSchema(schema: JsonObject): boolean {
  return schema.visibility === 'secret' || schema['x-visibility'] === 'secret';
}

/** The single value a branch schema pins a property to: `const` or a one-value `enum`. */
function pinnedValue(schema: JsonValue | undefined): JsonValue | undefined {
  if (!isObject(schema)) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length === 1) return schema.enum[0];
  return undefined;
}

function stringList(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

class SchemaWalker {
  private readonly fields = new Map<string, SchemaField>();
  private readonly groups = new Map<string, SchemaGroup>();

  constructor(private readonly root: JsonObject) {}

  /** Resolves local `$ref`s (`#/definitions/X`, `#/$defs/X`) and folds `allOf` into one object schema. */
  resolve(schema: JsonValue | undefined, depth = 0): JsonObject {
    if (!isObject(schema) || depth > MAX_DEPTH) return {};
    let current = schema;
    if (typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
      let target: JsonValue | undefined = this.root;
      for (const segment of fromPointer(current.$ref.slice(1))) {
        target = isObject(target) ? target[segment] : undefined;
      }
      const { $ref: _ref, ...rest } = current;
      current = { ...this.resolve(target, depth + 1), ...rest };
    }
    if (Array.isArray(current.allOf)) {
      let merged: JsonObject = { ...current };
      delete merged.allOf;
      for (const part of current.allOf) {
        const resolved = this.resolve(part, depth + 1);
        merged = {
          ...resolved,
          ...merged,
          properties: { ...(resolved.properties as JsonObject), ...(merged.properties as JsonObject) },
          required: [...stringList(resolved.required), ...stringList(merged.required)],
        };
      }
      current = merged;
    }
    return current;
  }

  private isGroup(schema: JsonObject): boolean {
    return isObject(schema.properties) || (schema.type === 'object' && (Array.isArray(schema.oneOf) || isObject(schema.if)));
  }

  visit(raw: JsonValue | undefined, segments: string[], required: Need, condition: Condition, depth: number) {
    const schema = this.resolve(raw);
    if (segments.length > 0 && (!this.isGroup(schema) || depth > MAX_DEPTH)) {
      this.addField(isObject(raw) && raw.$ref === undefined && raw.allOf === undefined ? raw : schema, segments, required, condition);
      return;
    }
    const path = toPointer(segments);
    if (segments.length > 0 && !this.groups.has(path)) {
      this.groups.set(path, {
        path,
        segments,
        title: typeof schema.title === 'string' ? schema.title : humanize(segments[segments.length - 1]),
        description: typeof schema.description === 'string' ? schema.description : undefined,
      });
    }
    // A plugin's own section (`aika:`) is what configuring it means: its
    // required fields are required even if the app-config root does not require the section.
    const inner: Need = segments.length === 1 ? { required: true, mandatory: true } : required;
    this.visitProperties(schema, segments, inner, condition, depth);
    this.visitIfThen(schema, segments, inner, condition, depth);
    this.visitOneOf(schema, segments, inner, condition, depth);
  }

  private visitProperties(schema: JsonObject, segments: string[], required: Need, condition: Condition, depth: number) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    const requiredKeys = stringList(schema.required);
    for (const [key, child] of Object.entries(properties)) {
      this.visit(child, [...segments, key], need(required, requiredKeys.includes(key)), condition, depth + 1);
    }
  }

  /** `if: { properties: { mode: { const: x } } }, then: {…}`: the `then` fields show when mode is x. */
  private visitIfThen(schema: JsonObject, segments: string[], required: Need, condition: Condition, depth: number) {
    const test = this.resolve(schema.if);
    const then = this.resolve(schema.then);
    const testProperties = isObject(test.properties) ? Object.entries(test.properties) : [];
    if (testProperties.length !== 1 || !isObject(then.properties)) return;
    const [key, pinned] = testProperties[0];
    const equals = pinnedValue(pinned);
    if (equals === undefined) return;
    const when = { path: toPointer([...segments, key]), equals };
    this.visitBranch(then, segments, required, condition ?? when, depth);
  }

  /** `oneOf` branches told apart by one property pinned to a value in each (a discriminator). */
  private visitOneOf(schema: JsonObject, segments: string[], required: Need, condition: Condition, depth: number) {
    const union = Array.isArray(schema.oneOf) ? schema.oneOf : schema.anyOf;
    const branches = (Array.isArray(union) ? union : [])
      .map(b => this.resolve(b))
      .filter(b => isObject(b.properties));
    if (branches.length < 2) return;
    const candidates = Object.keys(branches[0].properties as JsonObject).filter(key =>
      branches.every(b => pinnedValue((b.properties as JsonObject)[key]) !== undefined),
    );
    const discriminator = candidates[0];
    if (!discriminator) return;
    const values = branches.map(b => pinnedValue((b.properties as JsonObject)[discriminator])!);
    const discriminatorPath = toPointer([...segments, discriminator]);
    if (!this.fields.has(discriminatorPath)) {
      const declared = isObject(schema.properties) ? this.resolve((schema.properties as JsonObject)[discriminator]) : {};
      this.addField({ type: typeof values[0] === 'number' ? 'number' : 'string', ...declared, enum: values }, [...segments, discriminator], required, condition);
    }
    branches.forEach((branch, index) => {
      const { [discriminator]: _pinned, ...rest } = branch.properties as JsonObject;
      const when = { path: discriminatorPath, equals: values[index] };
      this.visitBranch({ ...branch, properties: rest }, segments, required, condition ?? when, depth);
    });
  }

  private visitBranch(branch: JsonObject, segments: string[], required: Need, condition: Condition, depth: number) {
    const requiredKeys = stringList(branch.required);
    for (const [key, child] of Object.entries(branch.properties as JsonObject)) {
      const path = toPointer([...segments, key]);
      const existing = this.fields.get(path);
      if (existing) {
        // Declared unconditionally too: the branch only adds that it is required there.
        if (!existing.condition) continue;
        if (JSON.stringify(existing.condition) !== JSON.stringify(condition)) existing.condition = undefined;
        continue;
      }
      this.visit(child, [...segments, key], need(required, requiredKeys.includes(key)), condition, depth + 1);
    }
  }

  private addField(schema: JsonObject, segments: string[], required: Need, condition: Condition) {
    const path = toPointer(segments);
    if (this.fields.has(path)) return;
    const examples = Array.isArray(schema.examples) ? schema.examples : [];
    this.fields.set(path, {
      path,
      segments,
      schema,
      title: typeof schema.title === 'string' ? schema.title : humanize(segments[segments.length - 1]),
      description: typeof schema.description === 'string' ? schema.description : undefined,
      required: required.required,
      mandatory: required.mandatory,
      secret: isSecretSchema(schema) || isSecretSchema(this.resolve(schema)),
      example: examples[0] ?? schema.example,
      default: schema.default ?? this.resolve(schema).default,
      condition,
    });
  }

  outline(): SchemaOutline {
    return { fields: [...this.fields.values()], groups: [...this.groups.values()] };
  }
}

/**
 * Walks a plugin's config schema (a JSON Schema of the app-config root) and
 * lists its fields and the objects that hold them, in schema order.
 * Local `$ref`s and `allOf` are followed; `if/then` and discriminated `oneOf`
 * become conditions on the fields they add.
 */
export function outlineSchema(schema: JsonObject | undefined): SchemaOutline {
  if (!schema) return { fields: [], groups: [] };
  const walker = new SchemaWalker(schema);
  walker.visit(schema, [], { required: true, mandatory: true }, undefined, 0);
  return walker.outline();
}
