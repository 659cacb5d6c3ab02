// Git plumbing the stand-in needs beyond the test fixture: reading commits and refs of the bare
// repositories it serves, so API answers and webhook payloads describe what git really holds.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { isolatedGitEnv } from '../fixtures/git-http-server.js';

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export async function git(gitDir: string, args: readonly string[]): Promise<string> {
  const child = spawn('git', ['--git-dir', gitDir, ...args], {
    env: isolatedGitEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`git ${args.join(' ')} failed (${code}): ${stderr}`);
  return stdout;
}

export interface GitPerson {
  readonly name: string;
  readonly email: string;
  /** ISO 8601. */
  readonly date: string;
}

export interface CommitInfo {
  readonly sha: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: GitPerson;
  readonly committer: GitPerson;
  readonly message: string;
}

export interface FileChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly modified: readonly string[];
}

/** The commit named by `rev` (a sha or ref), or null when the repository has no such commit. */
export async function readCommit(gitDir: string, rev: string): Promise<CommitInfo | null> {
  // Refuse anything that could be read as an option or a revision range.
  if (!/^[\w./-]+$/.test(rev) || rev.startsWith('-') || rev.includes('..')) return null;
  const format = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x00');
  let out: string;
  try {
    out = await git(gitDir, ['log', '-1', `--format=${format}`, `${rev}^{commit}`, '--']);
  } catch {
    return null;
  }
  const [sha, tree, parents, an, ae, ad, cn, ce, cd, ...rest] = out.split('\0');
  if (!sha || tree === undefined) return null;
  return {
    sha,
    tree,
    parents: (parents ?? '').split(' ').filter(Boolean),
    author: { name: an ?? '', email: ae ?? '', date: toUtc(ad) },
    committer: { name: cn ?? '', email: ce ?? '', date: toUtc(cd) },
    message: rest.join('\0').replace(/\n$/, ''),
  };
}

/** GitHub reports times in UTC with a `Z`. */
function toUtc(date: string | undefined): string {
  return new Date(date ?? 0).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function changedFiles(gitDir: string, sha: string): Promise<FileChanges> {
  const out = await git(gitDir, ['diff-tree', '--root', '--no-commit-id', '--name-status', '-r', sha]);
  const added: string[] = [];
  const removed: string[] = [];
  const modified: string[] = [];
  for (const line of out.split('\n')) {
    const [status, path] = line.split('\t');
    if (!status || !path) continue;
    if (status === 'A') added.push(path);
    else if (status === 'D') removed.push(path);
    else modified.push(path);
  }
  return { added, removed, modified };
}

/** Every ref and the object it points at. */
export async function listRefs(gitDir: string): Promise<Map<string, string>> {
  const out = await git(gitDir, ['for-each-ref', '--format=%(refname) %(objectname)']);
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [name, sha] = line.split(' ');
    if (name && sha) refs.set(name, sha);
  }
  return refs;
}

export async function resolveRef(gitDir: string, ref: string): Promise<string | null> {
  return (await readCommit(gitDir, ref))?.sha ?? null;
}

/** Commits reachable from `after` but not from any of `exclude`, oldest first (at most 20, like GitHub). */
export async function newCommits(
  gitDir: string,
  after: string,
  exclude: readonly string[],
): Promise<string[]> {
  const out = await git(gitDir, ['rev-list', '--reverse', after, ...exclude.map((sha) => `^${sha}`)]);
  return out.split('\n').filter(Boolean).slice(-20);
}

export async function updateRef(gitDir: string, ref: string, sha: string | null): Promise<void> {
  await git(gitDir, sha === null ? ['update-ref', '-d', ref] : ['update-ref', ref, sha]);
}

/** Copies another repository's ref (with its history) into `ref`, as GitHub does for `refs/pull/<n>/head`. */
export async function fetchInto(
  gitDir: string,
  fromDir: string,
  fromRef: string,
  ref: string,
): Promise<void> {
  await git(gitDir, ['fetch', '--quiet', '--no-tags', fromDir, `+${fromRef}:${ref}`]);
}

export async function isAncestor(gitDir: string, ancestor: string, descendant: string): Promise<boolean> {
  try {
    await git(gitDir, ['merge-base', '--is-ancestor', ancestor, descendant]);
    return true;
  } catch {
    return false;
  }
}
