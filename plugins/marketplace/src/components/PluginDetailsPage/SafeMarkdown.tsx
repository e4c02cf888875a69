import { MarkdownContent } from '@backstage/core-components';
import { safeMarkdownUri } from './urls';

/**
 * Markdown written by plugin authors (READMEs, changelogs), rendered so that
 * nothing in it can run. The `gfm` dialect of `MarkdownContent` parses raw
 * HTML and passes it through rehype-sanitize with GitHub's schema (no
 * `<script>`, `<iframe>`, `<style>` or event handlers; links and images only
 * over http(s) and mailto). The URI transforms repeat the scheme check so
 * that safety does not rest on one library's default schema.
 */
export const SafeMarkdown = (props: { content: string }) => (
  <MarkdownContent
    content={props.content}
    dialect="gfm"
    transformLinkUri={safeMarkdownUri}
    transformImageUri={safeMarkdownUri}
  />
);
