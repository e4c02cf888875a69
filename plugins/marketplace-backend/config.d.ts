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
    /** Trending counts, kept in Redis sorted sets when the backend cache is Redis. */
    trending?: {
      /** Namespace of the Redis keys, for apps (or test runs) sharing one Redis. Default `marketplace:trending:`. */
      redisKeyPrefix?: string;
    };
    /**
     * The install engine: jobs that download, verify, extract and activate plugins. Packages come from
     * the registry of `marketplace.sources.npm` (`registry`, `token`).
     */
    install?: {
      /** The file store (verified tarballs and extracted packages by sha512), relative to the backend's working directory. Default `.marketplace-store`. */
      storeDir?: string;
      /** Largest tarball downloaded, in bytes. Default 64 MiB. */
      maxTarballBytes?: number;
      /** Largest size a package may unpack to, in bytes. Default 256 MiB. */
      maxExtractedBytes?: number;
      /** Largest single file of a package, in bytes. Default 64 MiB. */
      maxFileBytes?: number;
      /** Most entries a package tarball may have. Default 20000. */
      maxEntries?: number;
      /** Jobs one replica runs at once (different plugins). Default 4. */
      concurrency?: number;
      /** How long a replica's lock on a plugin lasts unless renewed; a replica that dies loses it after this. Default 30. */
      leaseSeconds?: number;
      /** Takeovers after which an interrupted job is rolled back rather than resumed. Default 3. */
      maxResumes?: number;
      /** How often each replica looks for jobs to run and for local state to repair. Default 5. */
      reconcileSeconds?: number;
      /**
       * In a restart of every replica one at a time: how long the others wait
       * for a restarting replica to come back before the next one goes. Default 180.
       */
      rollingRestartTimeoutSeconds?: number;
      /** Installs exported as a change to review (`POST /install/export`) instead of run. */
      export?: {
        /**
         * The checkout of the app's repository whose package.json files, backend index and
         * app-config.yaml the change is made against, relative to the backend's working directory.
         * Default: the monorepo root the backend runs in.
         */
        rootDirectory?: string;
      };
      /**
       * Frontend plugins: added to the app's package.json, installed with yarn and built into the
       * app, which the backend serves after its next restart. Needs the app's sources on the machine.
       */
      frontend?: {
        /** The app package, relative to the monorepo root. Default `packages/app`. */
        appDirectory?: string;
        /** The yarn executable. Default `yarn` on the PATH. */
        yarnCommand?: string;
        /** For yarn install and for the app build, each. Default 900. */
        timeoutSeconds?: number;
      };
      /** Backend plugins' own dependencies, installed with npm into the plugin's directory. */
      npm?: {
        /** The npm executable. Default: the npm beside the running node, else `npm` on the PATH. */
        command?: string;
        /** Default 600. */
        timeoutSeconds?: number;
      };
    };
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
    /** Sandboxed plugins: isolated-vm isolates with only the host functions they were granted. */
    sandbox?: {
      /** Ids of bundled sandboxed plugins started with the backend, e.g. `marketplace.sandbox-hello`. Default none. */
      autostart?: string[];
      /** The own config of each plugin, read through `config.read` (over the manifest's `defaultConfig`). */
      plugins?: Array<{
        id: string;
        /** @deepVisibility secret */
        config?: { [key: string]: unknown };
      }>;
      /** Plugins running at once. Default 100. */
      maxPlugins?: number;
      /** Calls in flight into one plugin; more are answered 503. Default 16. */
      maxConcurrentCalls?: number;
      /** Largest JSON a plugin call returns, in characters. Default 1 MiB. */
      maxResultChars?: number;
      /** Largest JSON of a host function's arguments, in characters. Default 256 KiB. */
      maxArgumentChars?: number;
      /** Ceilings over what any manifest's `sandbox.limits` may ask for. */
      ceilings?: {
        /** Default 256. */
        memoryMb?: number;
        /** Default 5000. */
        cpuTimeMsPerCall?: number;
        /** Default 30000. */
        wallClockMsPerCall?: number;
        /** Default 64 MiB. */
        kvQuotaBytes?: number;
        /** Default 100 MiB. */
        networkBytesPerMinute?: number;
        /** Default 16. */
        maxConnections?: number;
        /** Default 6000. */
        apiCallsPerMinute?: number;
      };
      logs?: {
        /** Lines one plugin may log a minute; more are dropped and counted. Default 300. */
        linesPerMinute?: number;
        /** Longer lines are cut. Default 4096. */
        maxMessageChars?: number;
        /** Newest lines kept in memory per plugin. Default 1000. */
        bufferLines?: number;
        /** Lines older than this are deleted daily. Default 7. */
        retentionDays?: number;
      };
      /** Restarts after a crash or a broken limit: the delay doubles from baseDelayMs up to maxDelayMs. */
      restart?: {
        /** Failures within the window after which the plugin is stopped. Default 5. */
        maxFailures?: number;
        /** Default 10. */
        failureWindowMinutes?: number;
        /** Default 1000. */
        baseDelayMs?: number;
        /** Default 60000. */
        maxDelayMs?: number;
      };
      fetch?: {
        /** Address ranges (CIDR) plugins may reach although private, loopback or link-local. Default none. */
        allowAddresses?: string[];
        /** Default 1 MiB. */
        maxResponseBytes?: number;
        /** Default 10000, and never past the call's wall clock. */
        timeoutMs?: number;
        /** Default 5. */
        maxRedirects?: number;
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
