import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  ConfigFieldError,
  ConfigPreview,
  ConfigValidation,
  ConfigurationForm,
  PluginSpecification,
} from '@internal/backstage-plugin-marketplace-common';
import { ConfigValidator, describeErrors, PluginConfigSchema } from './ConfigValidator';
import { detectEnvironment } from './environment';
import {
  autoConfigure,
  buildFormSchema,
  buildSteps,
  buildUiSchema,
  envVarsOf,
  pluginSections,
  setAt,
} from './formBuilder';
import { ManagedConfigStore, bodyData, staleRevision } from './ManagedConfigStore';
import { outlineSchema, pointerSegment } from './schemaFields';
import { envReferenceName, findPlainSecrets } from './secrets';
import { pruneEmpty, replaceSections, unifiedDiff } from './yamlDocument';

const REDACTED = '********';

/**
 * Turns a plugin's config schema into what a person fills in: a form, wizard
 * steps, pre-filled values, validation and a preview of the managed file.
 *
 * @public
 */
export interface ConfigurationGenerator {
  getForm(pluginId: string): Promise<ConfigurationForm>;
  /** Checks a plugin's part of app-config (`{ aika: {…} }`) against its schema. */
  validate(pluginId: string, config: JsonObject): Promise<ConfigValidation>;
  /** The managed file with the plugin's part replaced, and the diff. */
  preview(pluginId: string, config: JsonObject): Promise<ConfigPreview>;
  /**
   * The managed file to save for a plugin's part, made from revision
   * `baseRevision` (a ConflictError when the file has moved on); a config
   * that is not valid is an InputError.
   */
  merge(pluginId: string, config: JsonObject, baseRevision: number): Promise<{ yaml: string; schema: PluginConfigSchema }>;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function referencedNames(value: JsonValue | undefined, into: Set<string>) {
  const name = envReferenceName(value);
  if (name) into.add(name);
  else if (Array.isArray(value)) value.forEach(v => referencedNames(v, into));
  else if (isObject(value)) Object.values(value).forEach(v => referencedNames(v, into));
}

/**
 * Builds forms from `PluginSpecification.configSchema`, `defaultConfig` and
 * `environmentVariables`, and previews changes against the managed file.
 *
 * @public
 */
export class DefaultConfigurationGenerator implements ConfigurationGenerator {
  // The managed file changes rarely and is read on every form: parse it once per revision.
  private managedData?: { yaml: string; data: JsonObject };

  private constructor(
    private readonly options: {
      getSpec: (pluginId: string) => Promise<PluginSpecification>;
      store: ManagedConfigStore;
      validator: ConfigValidator;
      config: RootConfigService;
      backstageVersion?: string;
      env?: NodeJS.ProcessEnv;
    },
  ) {}

  static create(options: {
    /** The plugin's specification; throws NotFoundError for an unknown plugin. */
    getSpec: (pluginId: string) => Promise<PluginSpecification>;
    store: ManagedConfigStore;
    validator: ConfigValidator;
    config: RootConfigService;
    backstageVersion?: string;
    env?: NodeJS.ProcessEnv;
  }): DefaultConfigurationGenerator {
    return new DefaultConfigurationGenerator(options);
  }

  private async load(pluginId: string) {
    const spec = await this.options.getSpec(pluginId);
    const schema: PluginConfigSchema = {
      pluginId,
      schema: spec.configSchema,
      environmentVariables: spec.environmentVariables ?? [],
    };
    const managed = await this.options.store.get();
    if (this.managedData?.yaml !== managed.yaml) this.managedData = { yaml: managed.yaml, data: bodyData(managed.yaml) };
    const data = this.managedData.data;
    const current: JsonObject = {};
    for (const section of pluginSections(spec.configSchema)) {
      if (data[section] !== undefined) current[section] = data[section];
    }
    return { spec, schema, managed, current };
  }

  async getForm(pluginId: string): Promise<ConfigurationForm> {
    const { spec, current } = await this.load(pluginId);
    const declared = spec.environmentVariables ?? [];
    const formSchema: JsonObject = spec.configSchema ? JSON.parse(JSON.stringify(spec.configSchema)) : { type: 'object', properties: {} };
    const outline = outlineSchema(formSchema);
    const envVars = envVarsOf(outline.fields, declared, current);

    const names = new Set([...declared.map(v => v.name), ...envVars.values()]);
    referencedNames(current, names);
    const environment = detectEnvironment({
      config: this.options.config,
      backstageVersion: this.options.backstageVersion,
      names,
      env: this.options.env,
    });

    const uiSchema = buildUiSchema(outline, envVars);
    const steps = buildSteps(outline, envVars);
    const formData = autoConfigure({ outline, defaultConfig: spec.defaultConfig, current, envVars, declared, environment });
    buildFormSchema(outline);
    return {
      pluginId,
      schema: formSchema,
      uiSchema,
      formData,
      steps,
      environment,
      required:
        outline.fields.some(f => f.mandatory && !f.condition && f.default === undefined) ||
        declared.some(v => v.required),
    };
  }

  /** What is wrong with a plugin's part before any schema is applied: keys it does not own. */
  private structuralErrors(spec: PluginSpecification, config: JsonObject): ConfigFieldError[] {
    if (!spec.configSchema) {
      return [{ path: '', message: `${spec.name} declares no configuration schema, so the marketplace cannot configure it` }];
    }
    const sections = pluginSections(spec.configSchema);
    return Object.keys(config)
      .filter(key => !sections.includes(key))
      .map(key => ({
        path: `/${pointerSegment(key)}`,
        message: `is not part of ${spec.name}'s configuration (it configures ${sections.join(', ') || 'nothing'})`,
      }));
  }

  /** Keys checked as sent (`rbac: {}` is not AiKA's, empty or not); values once the form's empty leftovers are gone. */
  private check(schema: PluginConfigSchema, config: JsonObject, spec: PluginSpecification): ConfigFieldError[] {
    const pruned = (pruneEmpty(config) as JsonObject) ?? {};
    return [...this.structuralErrors(spec, config), ...this.options.validator.validate(pruned, [schema])];
  }

  async validate(pluginId: string, config: JsonObject): Promise<ConfigValidation> {
    const { spec, schema } = await this.load(pluginId);
    const errors = this.check(schema, config, spec);
    return { valid: errors.length === 0, errors };
  }

  private mergedYaml(spec: PluginSpecification, yaml: string, config: JsonObject): string {
    const sections: Record<string, JsonValue | undefined> = {};
    for (const section of pluginSections(spec.configSchema)) sections[section] = config[section];
    return replaceSections(yaml, sections);
  }

  async preview(pluginId: string, config: JsonObject): Promise<ConfigPreview> {
    const { spec, schema, managed } = await this.load(pluginId);
    const pruned = (pruneEmpty(config) as JsonObject) ?? {};
    // A secret typed in as a value is refused below; it is not sent back either.
    for (const secret of findPlainSecrets(pruned, this.options.validator.describe([schema]))) {
      setAt(pruned, secret.segments, REDACTED);
    }
    const yaml = this.mergedYaml(spec, managed.yaml, pruned);
    // Schema and secret errors come from the whole file, with the lines of the preview.
    const whole = await this.options.store.validate(yaml, { extraSchemas: [schema] });
    const errors = [...this.structuralErrors(spec, config), ...whole.errors];
    return {
      yaml,
      diff: unifiedDiff(managed.yaml, yaml),
      validation: { valid: errors.length === 0, errors },
    };
  }

  async merge(pluginId: string, config: JsonObject, baseRevision: number) {
    const { spec, schema, managed } = await this.load(pluginId);
    if (managed.revision !== baseRevision) throw staleRevision(baseRevision, managed.revision);
    const errors = this.check(schema, config, spec);
    const pruned = (pruneEmpty(config) as JsonObject) ?? {};
    if (errors.length > 0) {
      throw new InputError(`The configuration of ${spec.name} is not valid: ${describeErrors(errors)}`);
    }
    return { yaml: this.mergedYaml(spec, managed.yaml, pruned), schema };
  }
}
