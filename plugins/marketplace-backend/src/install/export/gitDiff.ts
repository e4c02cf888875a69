import { unifiedDiff } from '../../configuration/yamlDocument';

/** One file's change, as `git diff` writes it; empty when the texts are the same. */
export function gitFileDiff(path: string, before: string, after: string): string {
  const diff = unifiedDiff(before, after, path);
  return diff ? `diff --git a/${path} b/${path}\n${diff}` : '';
}
