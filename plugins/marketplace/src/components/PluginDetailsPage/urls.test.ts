/* eslint-disable no-script-url -- these tests feed script URLs on purpose */
import { npmPackageUrl, safeExternalUrl, safeMarkdownUri } from './urls';

describe('safeExternalUrl', () => {
  it('keeps absolute http and https URLs', () => {
    expect(safeExternalUrl('https://github.com/acme/todo')).toBe('https://github.com/acme/todo');
    expect(safeExternalUrl(' http://acme.example/ ')).toBe('http://acme.example/');
  });

  it.each([
    'javascript:alert(1)',
    'java\nscript:alert(1)',
    ' JAVASCRIPT:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '/relative/path',
    'not a url',
    '',
    undefined,
  ])('refuses %p', url => {
    expect(safeExternalUrl(url)).toBeUndefined();
  });
});

describe('safeMarkdownUri', () => {
  it.each(['https://acme.example/a', 'mailto:team@acme.example', './docs/setup.md', '#usage', '/docs'])(
    'keeps %p',
    uri => {
      expect(safeMarkdownUri(uri)).toBe(uri);
    },
  );

  it.each(['javascript:alert(1)', 'java\tscript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:image/png;base64,AAAA', 'vbscript:x'])(
    'empties %p',
    uri => {
      expect(safeMarkdownUri(uri)).toBe('');
    },
  );
});

describe('npmPackageUrl', () => {
  it('points at the package on npmjs.com', () => {
    expect(npmPackageUrl('@acme/plugin-todo')).toBe('https://www.npmjs.com/package/@acme/plugin-todo');
  });
});
