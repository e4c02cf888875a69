import { JsonObject, JsonValue } from '@backstage/types';
import {
  DetectedEnvironment,
  EnvironmentVariableSpec,
  WizardField,
  WizardStep,
} from '@internal/backstage-plugin-marketplace-common';
import { fromPointer, humanize, SchemaField, SchemaOutline, toPointer } from './schemaFields';
import { ENV_REFERENCE_PATTERN, envReferenceName, suggestEnvVar } from './secrets';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of nested objects. */
export function valueAt(data: JsonValue | undefined, segments: string[]): JsonValue | undefined {
  let current = data;
  for (const segment of segments) {
    if (!isObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Sets a value at a path of nested objects, making the objects on the way. */
export function setAt(data: JsonObject, segments: string[], value: JsonValue) {
  let current = data;
  for (const segment of segments.slice(0, -1)) {
    if (!isObject(current[segment])) current[segment] = {};
    current = current[segment] as JsonObject;
  }
  current[segments[segments.length - 1]] = value;
}

/** Objects merged key by key; anything else in `over` replaces what is in `base`. */
export function deepMerge(base: JsonObject, over: JsonObject | undefined): JsonObject {
  const result: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over ?? {})) {
    result[key] = isObject(value) && isObject(result[key]) ? deepMerge(result[key] as JsonObject, value) : value;
  }
  return result;
}

/** The app-config sections a plugin's schema owns: its top-level keys (`aika`). */
export function pluginSections(schema: JsonObject | undefined): string[] {
  return isObject(schema?.properties) ? Object.keys(schema!.properties as JsonObject) : [];
}

/** Which environment variable each secret field reads: the one it refers to now, else a suggestion. */
export function envVarsOf(fields: SchemaField[], declared: EnvironmentVariableSpec[], current: JsonObject) {
  const secrets = declared.filter(v => v.secret);
  const names = new Map<string, string>();
  for (const field of fields.filter(f => f.secret)) {
    names.set(field.path, envReferenceName(valueAt(current, field.segments)) ?? suggestEnvVar(field, secrets));
  }
  return names;
}

function childrenOf(outline: SchemaOutline, segments: string[]) {
  const depth = segments.length + 1;
  const prefix = toPointer(segments);
  const keys: Array<{ key: string; required: boolean }> = [];
  const add = (entry: { segments: string[]; path: string; required?: boolean }) => {
    if (entry.segments.length !== depth || !entry.path.startsWith(prefix)) return;
    const key = entry.segments[depth - 1];
    if (!keys.some(k => k.key === key)) keys.push({ key, required: Boolean(entry.required) });
  };
  // Schema order: groups and fields interleave as the walk found them.
  [...outline.groups, ...outline.fields]
    .sort((a, b) => order(outline, a.path) - order(outline, b.path))
    .forEach(add);
  return [...keys.filter(k => k.required), ...keys.filter(k => !k.required)].map(k => k.key);
}

// Position of a pointer in schema order: the first field at or under it.
function order(outline: SchemaOutline, path: string): number {
  const index = outline.fields.findIndex(f => f.path === path || f.path.startsWith(`${path}/`));
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}

function nested(root: JsonObject, segments: string[]): JsonObject {
  let current = root;
  for (const segment of segments) {
    if (!isObject(current[segment])) current[segment] = {};
    current = current[segment] as JsonObject;
  }
  return current;
}

function exampleText(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The `@rjsf/core` uiSchema: field order (required first), titles, help from
 * descriptions and examples, and secret fields as a text box holding a
 * `${ENV_NAME}` reference.
 */
export function buildUiSchema(outline: SchemaOutline, envVars: Map<string, string>): JsonObject {
  const ui: JsonObject = { 'ui:order': [...childrenOf(outline, []), '*'] };
  for (const group of outline.groups) {
    const node = nested(ui, group.segments);
    node['ui:order'] = [...childrenOf(outline, group.segments), '*'];
    if (!group.description) node['ui:title'] = group.title;
  }
  for (const field of outline.fields) {
    const node = nested(ui, field.segments);
    node['ui:title'] = field.title;
    const example = exampleText(field.example);
    if (field.secret) {
      const envVar = envVars.get(field.path)!;
      node['ui:widget'] = 'text';
      node['ui:placeholder'] = `\${${envVar}}`;
      node['ui:autocomplete'] = 'off';
      node['ui:help'] = `Secret: a reference to an environment variable of the backend, such as \${${envVar}}. The value stays in the environment; it is never written to the config file.`;
      node['ui:options'] = { secret: true, envVar };
    } else if (example !== undefined) {
      node['ui:placeholder'] = example;
      node['ui:help'] = `Example: ${example}`;
    }
  }
  return ui;
}

/** The schema the form shows: the plugin's, with secret fields constrained to `${NAME}` references. */
export function buildFormSchema(outline: SchemaOutline): void {
  for (const field of outline.fields.filter(f => f.secret)) {
    if (field.schema.type === undefined || field.schema.type === 'string') {
      field.schema.type = 'string';
      field.schema.pattern = ENV_REFERENCE_PATTERN;
    }
  }
}

/**
 * Wizard steps: one per object under a plugin's section (`aika.model`), the
 * section's own scalar fields first, each field with its help, example,
 * default and the condition under which it applies.
 */
export function buildSteps(outline: SchemaOutline, envVars: Map<string, string>): WizardStep[] {
  const steps = new Map<string, WizardStep & { rank: [number, number, number] }>();
  outline.fields.forEach((field, index) => {
    const key = field.segments.length >= 3 ? field.segments.slice(0, 2) : field.segments.slice(0, field.segments.length - 1);
    const id = key.length ? key.join('.') : 'general';
    let step = steps.get(id);
    if (!step) {
      const group = outline.groups.find(g => g.path === toPointer(key));
      const section = outline.groups.findIndex(g => g.segments.length === 1 && g.segments[0] === key[0]);
      step = {
        id,
        title: group?.title ?? (key.length ? humanize(key[key.length - 1]) : 'General'),
        help: group?.description,
        fields: [],
        rank: [section, key.length, index],
      };
      steps.set(id, step);
    }
    const wizardField: WizardField = {
      path: field.path,
      title: field.title,
      description: field.description,
      required: field.required,
      secret: field.secret,
      envVar: field.secret ? envVars.get(field.path) : undefined,
      example: field.example,
      default: field.default,
      condition: field.condition,
    };
    step.fields.push(JSON.parse(JSON.stringify(wizardField)));
  });
  return [...steps.values()]
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2])
    .map(({ rank: _rank, ...step }) => (step.help === undefined ? { id: step.id, title: step.title, fields: step.fields } : step));
}

function conditionHolds(field: SchemaField, data: JsonObject): boolean {
  if (!field.condition) return true;
  return JSON.stringify(valueAt(data, fromPointer(field.condition.path))) === JSON.stringify(field.condition.equals);
}

/** What the environment supplies for a field: a `${NAME}` that is set, or a configured integration's host. */
function fromEnvironment(
  field: SchemaField,
  envVars: Map<string, string>,
  declared: EnvironmentVariableSpec[],
  environment: DetectedEnvironment,
): JsonValue | undefined {
  if (field.secret) {
    const name = envVars.get(field.path)!;
    return environment.environmentVariables[name] ? `\${${name}}` : undefined;
  }
  const plain = declared.filter(v => !v.secret);
  if (plain.length > 0) {
    const name = suggestEnvVar(field, plain);
    if (plain.some(v => v.name === name) && environment.environmentVariables[name]) return `\${${name}}`;
  }
  const key = field.segments[field.segments.length - 1];
  if (/^host$|Host$/.test(key) && field.schema.type !== 'array') {
    const integration = environment.integrations.find(i => field.segments.slice(0, -1).includes(i.kind));
    if (integration) return integration.host;
  }
  return undefined;
}

/**
 * Pre-filled values: what the managed file holds now, else what the
 * environment supplies, else the plugin's `defaultConfig`, else schema defaults.
 */
export function autoConfigure(options: {
  outline: SchemaOutline;
  defaultConfig?: JsonObject;
  current: JsonObject;
  envVars: Map<string, string>;
  declared: EnvironmentVariableSpec[];
  environment: DetectedEnvironment;
}): JsonObject {
  const { outline, envVars, declared, environment } = options;
  let data: JsonObject = {};
  for (const field of outline.fields) {
    if (field.default !== undefined && !field.condition) setAt(data, field.segments, field.default);
  }
  data = deepMerge(data, options.defaultConfig);
  // A field of a branch not chosen (another provider, say) takes nothing from the environment.
  const chosen = deepMerge(data, options.current);
  for (const field of outline.fields) {
    if (!conditionHolds(field, chosen)) continue;
    const value = fromEnvironment(field, envVars, declared, environment);
    if (value !== undefined) setAt(data, field.segments, value);
  }
  data = deepMerge(data, options.current);
  for (const field of outline.fields) {
    if (field.default !== undefined && field.condition && conditionHolds(field, data) && valueAt(data, field.segments) === undefined) {
      setAt(data, field.segments, field.default);
    }
  }
  return data;
}
