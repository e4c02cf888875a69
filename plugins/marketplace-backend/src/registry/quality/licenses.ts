// SPDX ids of the OSI-approved licenses that npm packages actually use,
// including the deprecated bare GPL forms that old package.json files still
// carry. Lowercase, for comparison. https://spdx.org/licenses/ marks the rest.
const OSI_APPROVED = new Set(
  [
    '0BSD', 'AFL-3.0', 'AGPL-3.0', 'AGPL-3.0-only', 'AGPL-3.0-or-later', 'Apache-1.1',
    'Apache-2.0', 'APSL-2.0', 'Artistic-2.0', 'BlueOak-1.0.0', 'BSD-1-Clause',
    'BSD-2-Clause', 'BSD-2-Clause-Patent', 'BSD-3-Clause', 'BSL-1.0', 'CDDL-1.0',
    'CECILL-2.1', 'ECL-2.0', 'EFL-2.0', 'EPL-1.0', 'EPL-2.0', 'EUPL-1.1', 'EUPL-1.2',
    'GPL-2.0', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0', 'GPL-3.0-only',
    'GPL-3.0-or-later', 'ISC', 'LGPL-2.1', 'LGPL-2.1-only', 'LGPL-2.1-or-later',
    'LGPL-3.0', 'LGPL-3.0-only', 'LGPL-3.0-or-later', 'MirOS', 'MIT', 'MIT-0', 'MPL-1.1',
    'MPL-2.0', 'MS-PL', 'MS-RL', 'MulanPSL-2.0', 'NCSA', 'OFL-1.1', 'OSL-3.0',
    'PostgreSQL', 'Python-2.0', 'UPL-1.0', 'Unicode-3.0', 'Unlicense', 'W3C', 'Zlib',
  ].map(id => id.toLowerCase()),
);

/**
 * What a package's `license` field says, as far as quality is concerned.
 *
 * @public
 */
export type LicenseKind = 'missing' | 'osi-approved' | 'other';

/**
 * Sorts a license field into missing, OSI-approved or anything else. SPDX
 * expressions count as approved when some `OR` alternative has only approved
 * licenses; `WITH` exceptions do not change that.
 *
 * @public
 */
export function licenseKind(license: string | undefined): LicenseKind {
  const expression = license?.trim();
  if (!expression) {
    return 'missing';
  }
  const alternatives = expression
    .replace(/[()]/g, ' ')
    .split(/\s+OR\s+/i)
    .map(alternative =>
      alternative
        .split(/\s+AND\s+/i)
        .map(part => part.replace(/\s+WITH\s+.*$/i, '').trim().toLowerCase()),
    );
  const approved = alternatives.some(ids => ids.every(id => OSI_APPROVED.has(id)));
  return approved ? 'osi-approved' : 'other';
}
