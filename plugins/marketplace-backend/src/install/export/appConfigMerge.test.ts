import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { mergeAppConfig } from './appConfigMerge';

const APP_CONFIG = readFileSync(resolve(__dirname, '../../../../../app-config.yaml'), 'utf8');
const PATH = 'app-config.yaml';

describe('mergeAppConfig', () => {
  it('writes the repository app-config.yaml back unchanged when there is nothing to merge', () => {
    expect(mergeAppConfig(APP_CONFIG, [], PATH)).toBe(APP_CONFIG);
    expect(mergeAppConfig(APP_CONFIG, [{ config: { app: { packages: 'all' } } }], PATH)).toBe(APP_CONFIG);
  });

  it('adds new sections last, under their comment, keeping every line that was there', () => {
    const merged = mergeAppConfig(
      APP_CONFIG,
      [{ config: { board: { baseUrl: 'https://board.example.com', token: '${BOARD_TOKEN}' } }, comment: 'Board (acme.board), added from the marketplace.' }],
      PATH,
    );
    expect(merged.startsWith(APP_CONFIG.replace(/\n$/, ''))).toBe(true);
    expect(merged.slice(APP_CONFIG.length - 1)).toBe(
      '\n\n# Board (acme.board), added from the marketplace.\nboard:\n  baseUrl: https://board.example.com\n  token: ${BOARD_TOKEN}\n',
    );
    expect(parse(merged).board).toEqual({ baseUrl: 'https://board.example.com', token: '${BOARD_TOKEN}' });
  });

  it('merges into sections that are there key by key, keeping their comments and order', () => {
    const merged = mergeAppConfig(APP_CONFIG, [{ config: { auth: { providers: { github: { development: { clientId: '${GITHUB_CLIENT_ID}' } } } } } }], PATH);
    const data = parse(merged);
    expect(data.auth.providers).toEqual({ guest: {}, github: { development: { clientId: '${GITHUB_CLIENT_ID}' } } });
    expect(merged).toContain('    # Sign in as a guest; development only. Production adds a real provider.\n    guest: {}\n    github:\n');
    expect(Object.keys(data)).toEqual(Object.keys(parse(APP_CONFIG)));
  });

  it('replaces values that differ, keeping their comments, and is idempotent', () => {
    const text = 'board:\n  # Where the board lives.\n  baseUrl: http://old # the old one\n  pageSize: 10\n';
    const once = mergeAppConfig(text, [{ config: { board: { baseUrl: 'http://new' } } }], PATH);
    expect(once).toBe('board:\n  # Where the board lives.\n  baseUrl: http://new # the old one\n  pageSize: 10\n');
    expect(mergeAppConfig(once, [{ config: { board: { baseUrl: 'http://new' } } }], PATH)).toBe(once);
  });

  it('fills an empty file', () => {
    expect(mergeAppConfig('', [{ config: { board: { pageSize: 5 } } }], PATH)).toBe('board:\n  pageSize: 5\n');
  });

  it('refuses a file that is not a YAML mapping, naming it', () => {
    expect(() => mergeAppConfig('a: [1\n', [{ config: { b: 1 } }], PATH)).toThrow(/app-config.yaml is not valid YAML/);
    expect(() => mergeAppConfig('- 1\n', [{ config: { b: 1 } }], PATH)).toThrow(/app-config.yaml is not a mapping/);
  });
});
