import { Entity } from '@backstage/catalog-model';
import {
  DocumentationSpec,
  EnvironmentVariableSpec,
  PackageRole,
  PluginAuthor,
  PluginCapability,
  PluginCategory,
  PluginPermissionRequest,
  SandboxSpec,
} from '@internal/backstage-plugin-marketplace-common';
import { JsonObject } from '@backstage/types';

/**
 * An npm package listed inline by a marketplace `Plugin`.
 *
 * @public
 */
export interface MarketplacePluginPackage {
  /** The npm package name. */
  name: string;
  role: PackageRole;
  version?: string;
}

/**
 * A plugin as its author publishes it, in `catalog-info.yaml`. Title,
 * description and tags are the entity's `metadata`.
 *
 * @public
 */
export type MarketplacePluginEntityV1alpha1 = Entity & {
  apiVersion: 'marketplace.backstage.io/v1alpha1';
  kind: 'Plugin';
  spec: {
    /** Entity ref of the owner, by default a Group. */
    owner: string;
    /** e.g. `experimental`, `production`, `deprecated`. */
    lifecycle: string;
    /** When left out, the marketplace infers one. */
    category?: PluginCategory;
    /** Semver of the newest release; else taken from the packages. */
    version?: string;
    license?: string;
    /** Defaults to the owner. */
    author?: PluginAuthor;
    packages?: MarketplacePluginPackage[];
    backstageVersion?: string;
    configSchema?: JsonObject;
    environmentVariables?: EnvironmentVariableSpec[];
    permissions?: PluginPermissionRequest[];
    provides?: PluginCapability[];
    requires?: PluginCapability[];
    documentation?: DocumentationSpec;
    sandbox?: SandboxSpec;
  };
};

/**
 * One npm package of a plugin, published as an entity of its own, e.g. from
 * the package's folder of a monorepo.
 *
 * @public
 */
export type MarketplacePackageEntityV1alpha1 = Entity & {
  apiVersion: 'marketplace.backstage.io/v1alpha1';
  kind: 'Package';
  spec: {
    packageName: string;
    role: PackageRole;
    version?: string;
    /** Entity ref of the plugin, by default of kind `Plugin`. */
    partOf: string;
    owner?: string;
  };
};

/**
 * A titled list of plugins, e.g. "Recommended for platform teams".
 *
 * @public
 */
export type MarketplacePluginCollectionEntityV1alpha1 = Entity & {
  apiVersion: 'marketplace.backstage.io/v1alpha1';
  kind: 'PluginCollection';
  spec: {
    /** Entity refs, by default of kind `Plugin`. */
    plugins: string[];
    owner?: string;
  };
};

/**
 * An author as Red Hat Developer Hub writes it: a name or an object.
 *
 * @public
 */
export type ExtensionsAuthor = string | { name: string; url?: string };

/**
 * Support as Red Hat Developer Hub writes it: a level or an object.
 *
 * @public
 */
export type ExtensionsSupport = string | { provider?: string; level?: string };

/**
 * Red Hat Developer Hub's `extensions.backstage.io/v1alpha1` Plugin, as its
 * JSON Schema and types describe it.
 *
 * @public
 */
export type ExtensionsPluginEntity = Entity & {
  apiVersion: 'extensions.backstage.io/v1alpha1';
  kind: 'Plugin';
  spec: {
    icon?: string;
    /** @deprecated in RHDH, use `author`. */
    developer?: string;
    author?: ExtensionsAuthor;
    authors?: ExtensionsAuthor[];
    publisher?: ExtensionsAuthor;
    owner?: string;
    support?: ExtensionsSupport;
    lifecycle?: string;
    /** Entity refs, by default of kind `Package`. */
    packages?: string[];
    categories?: string[];
    highlights?: string[];
    /** Markdown. */
    description?: string;
    /** Markdown. */
    installation?: string;
    documentation?: Array<{
      type: string;
      markdown: string;
      title?: string;
      tabTitle?: string;
    }>;
    assets?: Array<{
      type: string;
      filename: string;
      originUri: string;
      encodedData?: string;
    }>;
    history?: { added: string };
    installStatus?: string;
  };
};

/**
 * Red Hat Developer Hub's `extensions.backstage.io/v1alpha1` Package.
 *
 * @public
 */
export type ExtensionsPackageEntity = Entity & {
  apiVersion: 'extensions.backstage.io/v1alpha1';
  kind: 'Package';
  spec: {
    packageName: string;
    version?: string;
    dynamicArtifact?: string;
    integrity?: string;
    role?: string;
    supportedVersions?: string;
    /** @deprecated in RHDH, use `role` and `supportedVersions`. */
    backstage?: { role?: string; supportedVersions?: string };
    author?: string;
    support?: ExtensionsSupport;
    lifecycle?: string;
    owner?: string;
    /** Entity refs, by default of kind `Plugin`. */
    partOf?: string[];
    appConfigExamples?: Array<{
      title?: string;
      content?: string | JsonObject;
    }>;
    installStatus?: string;
  };
};

/**
 * Red Hat Developer Hub's `extensions.backstage.io/v1alpha1` PluginCollection.
 *
 * @public
 */
export type ExtensionsPluginCollectionEntity = Entity & {
  apiVersion: 'extensions.backstage.io/v1alpha1';
  kind: 'PluginCollection';
  spec: {
    type: 'curated';
    plugins?: string[];
    owner?: string;
  };
};
