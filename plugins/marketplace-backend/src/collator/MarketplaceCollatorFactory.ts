import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  marketplacePluginReadPermission,
  PluginSummary,
} from '@internal/backstage-plugin-marketplace-common';
import { Readable } from 'node:stream';
import { MarketplacePluginReader } from './pluginReaders';

/**
 * The search type of marketplace documents.
 *
 * @public
 */
export const MARKETPLACE_DOCUMENT_TYPE = 'marketplace';

/**
 * A marketplace plugin as Backstage search indexes it.
 *
 * @public
 */
export interface MarketplaceDocument extends IndexableDocument {
  pluginId: string;
  category: string;
  author: string;
  tags: string[];
  version: string;
  source: string;
  firstParty: boolean;
  installed: boolean;
}

/**
 * One search document per marketplace plugin: the name as title, the
 * description and tags as text, the plugin's page as location. Documents are
 * visible to whoever may read the marketplace.
 *
 * @public
 */
export class MarketplaceCollatorFactory implements DocumentCollatorFactory {
  readonly type = MARKETPLACE_DOCUMENT_TYPE;
  readonly visibilityPermission = marketplacePluginReadPermission;

  private constructor(private readonly reader: MarketplacePluginReader) {}

  static create(options: { reader: MarketplacePluginReader }): MarketplaceCollatorFactory {
    return new MarketplaceCollatorFactory(options.reader);
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<MarketplaceDocument> {
    for await (const page of this.reader.readPages()) {
      for (const plugin of page) yield toDocument(plugin);
    }
  }
}

/** The search document of a plugin. */
export function toDocument(plugin: PluginSummary): MarketplaceDocument {
  return {
    title: plugin.name,
    text: [plugin.description, plugin.tags.join(' ')].filter(Boolean).join('\n'),
    location: `/marketplace/plugins/${encodeURIComponent(plugin.id)}`,
    pluginId: plugin.id,
    category: plugin.category,
    author: plugin.author,
    tags: plugin.tags,
    version: plugin.version,
    source: plugin.source,
    firstParty: plugin.firstParty,
    installed: plugin.installed,
    // Lets the search backend ask about each plugin should a policy decide per plugin.
    authorization: { resourceRef: plugin.id },
  };
}
