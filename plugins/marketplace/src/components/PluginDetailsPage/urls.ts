// The registry's data is written by plugin authors, so every URL in it is
// untrusted. Parsing with the URL class rather than a regular expression
// matters: browsers drop tabs and newlines inside a scheme, so
// "java\nscript:alert(1)" runs as javascript: although no pattern on the raw
// text would call it that.
const LINK_PROTOCOLS = new Set(['http:', 'https:']);
const MARKDOWN_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
// Resolves relative URLs without giving them a scheme of their own.
const RELATIVE_BASE = 'https://relative.invalid/';

/**
 * An absolute http(s) URL, normalised; undefined for anything else, so a
 * `javascript:` homepage never becomes a link.
 */
export function safeExternalUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url.trim());
    return LINK_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A link or image address from markdown, kept when it is relative or
 * http(s)/mailto and emptied otherwise (`javascript:`, `data:`, `vbscript:`,
 * `file:`…): an empty link renders as plain text, an empty image as nothing.
 */
export function safeMarkdownUri(uri: string): string {
  try {
    const parsed = new URL(uri.trim(), RELATIVE_BASE);
    return MARKDOWN_PROTOCOLS.has(parsed.protocol) ? uri.trim() : '';
  } catch {
    return '';
  }
}

/** The npm page of a package. */
export function npmPackageUrl(packageName: string): string {
  return `https://www.npmjs.com/package/${packageName}`;
}
