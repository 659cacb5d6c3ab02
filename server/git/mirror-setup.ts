// Creating a project's bare mirror, and asking it whether it already holds a commit.
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from '../core/ports.js';
import { runGit } from './run-git.js';

/** Local git commands answer in milliseconds; this only guards against a hung process. */
export const LOCAL_TIMEOUT_MS = 60_000;

/**
 * `export-ignore` and `export-subst` in a repository's .gitattributes would make `git archive` drop or
 * rewrite files; a build needs the tree exactly as committed. `info/attributes` outranks the tree's own.
 */
const ATTRIBUTES =
  '# Written by Kozmic: builds get the whole tree, as committed.\n* -export-ignore -export-subst\n';

export async function mirrorExists(mirror: string): Promise<boolean> {
  return access(join(mirror, 'HEAD')).then(
    () => true,
    () => false,
  );
}

export async function ensureMirror(mirror: string): Promise<void> {
  if (!(await mirrorExists(mirror))) {
    const result = await runGit(['init', '--bare', '--quiet', mirror], { timeoutMs: LOCAL_TIMEOUT_MS });
    if (result.code !== 0)
      throw new SourceError(`Could not create the git mirror at ${mirror}:\n${result.stderr.trim()}`);
  }
  // Written every time, so a mirror created by an interrupted run gets it too.
  await mkdir(join(mirror, 'info'), { recursive: true });
  await writeFile(join(mirror, 'info', 'attributes'), ATTRIBUTES);
}

export async function hasCommit(mirror: string, sha: string): Promise<boolean> {
  if (!(await mirrorExists(mirror))) return false;
  const result = await runGit(['--git-dir', mirror, 'cat-file', '-e', `${sha}^{commit}`], {
    timeoutMs: LOCAL_TIMEOUT_MS,
  });
  return result.code === 0;
}
