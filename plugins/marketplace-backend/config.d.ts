import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** How often marketplace plugins are indexed into Backstage search. Default every 10 minutes. */
      marketplace?: {
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };

  /** Configuration of the marketplace backend plugin. */
  marketplace?: {
    /** The config file the marketplace owns and writes (plugin configuration made in the marketplace). */
    managedConfig?: {
      /**
       * Path of the file, relative to the backend's working directory. Default: the `--config`
       * file named app-config.marketplace.yaml the backend was started with, else
       * app-config.marketplace.yaml at the repository root. The backend must load it
       * (`--config`) for changes to apply; it re-reads it on change, without a restart.
       */
      path?: string;
    };
    search?: {
      /** How plugin texts become vectors for semantic search. */
      embeddings?: {
        /** `local` (default): computed in process from a domain lexicon and hashed features, no model download. `openai`: any OpenAI-compatible embeddings endpoint. */
        provider?: 'local' | 'openai';
        /** Default https://api.openai.com/v1. */
        baseUrl?: string;
        /**
         * Bearer key of the endpoint.
         * @visibility secret
         */
        apiKey?: string;
        /** Default text-embedding-3-small. */
        model?: string;
        /** Local: default 512 (at least 139). OpenAI: sent only when set. */
        dimensions?: number;
        /** Texts per request. Default 64. */
        batchSize?: number;
        /** Default 30000. */
        timeoutMs?: number;
      };
    };
    /** Where the registry's listings come from. Each source runs on its own schedule. */
    sources?: {
      /** The bundled snapshot of ~480 real Backstage packages from npm. */
      seed?: {
        /** Default true. */
        enabled?: boolean;
        /** A TSV file (name, version, downloads_a_month, summary) to use instead of the bundled one. */
        file?: string;
        /** Default 60. */
        frequencyMinutes?: number;
      };
      /** Packuments and tarballs of the listed packages from an npm registry. */
      npm?: {
        /** Default https://registry.npmjs.org. Any registry speaking the npm protocol (Verdaccio, Artifactory…). */
        registry?: string;
        /**
         * Bearer token for a private registry.
         * @visibility secret
         */
        token?: string;
        /** npm package names to follow. The source is off while this is empty. */
        packages?: string[];
        /** Parallel requests to the registry. Default 8. */
        concurrency?: number;
        /** Largest tarball read, in bytes. Default 20 MiB. */
        maxTarballBytes?: number;
        /** Default 60. */
        frequencyMinutes?: number;
      };
      /** Plugin, Package and PluginCollection entities of the software catalog. */
      catalog?: {
        /** Default true. */
        enabled?: boolean;
        /** Default 1: a new catalog-info.yaml appears within a minute of the catalog reading it. */
        frequencyMinutes?: number;
      };
    };
  };
}
