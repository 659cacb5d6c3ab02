// GitMirrors.fetch against a real git server over HTTP, with GitHub-style token auth.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createRepo,
  startGitHttpServer,
  type GitHttpServer,
  type TestRepo,
} from '../../test/fixtures/git-http-server.js';
import { SourceError, type FetchRequest } from '../core/ports.js';
import { GitMirrors } from './git-mirrors.js';

const TOKEN = 'ghs_kozmicTestToken0123456789';
const secretsOf = (token: string) => [token, Buffer.from(`x-access-token:${token}`).toString('base64')];

let root: string;
let server: GitHttpServer;
let repo: TestRepo;
let dir: string;
let mirrors: GitMirrors;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kozmic-git-served-'));
  repo = await createRepo(root, 'demo', {
    'README.md': '# demo\n',
    'src/main.c': 'int main() { return 0; }\n',
  });
  server = await startGitHttpServer({ root, token: TOKEN });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kozmic-git-mirrors-'));
  mirrors = new GitMirrors({ dir });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function request(overrides: Partial<FetchRequest> = {}): FetchRequest {
  return {
    projectId: 'p1',
    cloneUrl: server.url('demo'),
    credentials: { username: 'x-access-token', password: TOKEN },
    ref: 'refs/heads/main',
    sha: repo.sha!,
    ...overrides,
  };
}

function mirrorHas(sha: string, projectId = 'p1'): boolean {
  try {
    execFileSync('git', ['--git-dir', join(dir, `${projectId}.git`), 'cat-file', '-e', `${sha}^{commit}`], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

async function fetchError(fetchRequest: FetchRequest, target = mirrors): Promise<SourceError> {
  const error = await target
    .fetch(fetchRequest, () => undefined)
    .then(
      () => null,
      (thrown: unknown) => thrown,
    );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('GitMirrors.fetch', () => {
  it('creates the mirror on the first fetch and forwards git progress', async () => {
    const lines: string[] = [];
    await mirrors.fetch(request(), (line) => lines.push(line));
    expect(mirrorHas(repo.sha!)).toBe(true);
    expect(lines.some((line) => /objects/.test(line))).toBe(true);
    expect(lines.every((line) => line.trim() !== '' && !/[\r\n]/.test(line))).toBe(true);
  });

  it('does not touch the network when the mirror already holds the commit', async () => {
    await mirrors.fetch(request(), () => undefined);
    const before = server.requests.length;
    await mirrors.fetch(request(), () => undefined);
    await mirrors.fetch(request({ ref: 'refs/heads/elsewhere' }), () => undefined);
    expect(server.requests.length).toBe(before);
  });

  it('fetches a newer commit into an existing mirror', async () => {
    await mirrors.fetch(request(), () => undefined);
    const newer = await repo.commit({ 'src/main.c': 'int main() { return 1; }\n' });
    expect(mirrorHas(newer)).toBe(false);
    await mirrors.fetch(request({ sha: newer }), () => undefined);
    expect(mirrorHas(newer)).toBe(true);
  });

  it('fetches a pull request ref', async () => {
    const head = await repo.commit(
      { 'feature.txt': 'from a fork\n' },
      { ref: 'refs/pull/1/head', from: repo.sha! },
    );
    await mirrors.fetch(request({ ref: 'refs/pull/1/head', sha: head }), () => undefined);
    expect(mirrorHas(head)).toBe(true);
  });

  it('fails with advice to sign in again when the token is refused, without echoing it', async () => {
    const wrong = 'ghs_wrongToken9876543210';
    const error = await fetchError(request({ credentials: { username: 'x-access-token', password: wrong } }));
    expect(error.message).toMatch(/Authentication failed/);
    expect(error.message).toMatch(/Sign in again/);
    for (const secret of secretsOf(wrong)) expect(error.message).not.toContain(secret);
    expect((await fetchError(request({ credentials: null }))).message).toMatch(/Authentication failed/);
  });

  it('fails when the repository does not exist', async () => {
    const error = await fetchError(request({ cloneUrl: server.url('missing') }));
    expect(error.message).toMatch(/Repository not found/);
    expect(error.message).toContain(server.url('missing'));
  });

  it('fails when the ref does not exist', async () => {
    const error = await fetchError(request({ ref: 'refs/heads/deleted' }));
    expect(error.message).toMatch(/The ref no longer exists/);
    expect(error.message).toMatch(/couldn't find remote ref refs\/heads\/deleted/);
  });

  it('fails when the commit is not on the ref', async () => {
    const elsewhere = await repo.commit({ 'other.txt': 'x\n' }, { ref: 'refs/heads/other', from: repo.sha! });
    const error = await fetchError(request({ sha: elsewhere }));
    expect(error.message).toContain(`Commit ${elsewhere} is not on refs/heads/main`);
  });

  it('keeps the token out of the mirror and out of progress lines', async () => {
    const lines: string[] = [];
    const newer = await repo.commit({ 'notes.txt': 'more\n' });
    await mirrors.fetch(request(), (line) => lines.push(line));
    await mirrors.fetch(request({ sha: newer }), (line) => lines.push(line));
    const unfetched = await repo.commit({ 'x.txt': 'x\n' }, { ref: 'refs/heads/x', from: repo.sha! });
    await fetchError(request({ ref: 'refs/heads/deleted', sha: unfetched }));
    expect(lines.length).toBeGreaterThan(0);
    const files = await filesUnder(dir);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const content = await readFile(file, 'latin1');
      for (const secret of secretsOf(TOKEN)) expect(content, file).not.toContain(secret);
    }
    for (const secret of secretsOf(TOKEN)) expect(lines.join('\n')).not.toContain(secret);
  });

  it.runIf(process.platform === 'linux')('never puts the token on a command line', async () => {
    const slow = await startGitHttpServer({ root, token: TOKEN, latencyMs: 150 });
    try {
      const seen: string[] = [];
      let done = false;
      const fetching = mirrors
        .fetch(request({ cloneUrl: slow.url('demo') }), () => undefined)
        .finally(() => (done = true));
      while (!done) {
        seen.push(...(await commandLines()));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await fetching;
      const gitFetches = seen.filter((line) => line.includes('fetch') && line.includes(slow.url('demo')));
      expect(gitFetches.length).toBeGreaterThan(0);
      for (const secret of secretsOf(TOKEN)) expect(seen.join('\n')).not.toContain(secret);
    } finally {
      await slow.close();
    }
  });

  it('serialises concurrent fetches of one project, and both succeed', async () => {
    const slow = await startGitHttpServer({ root, token: TOKEN, latencyMs: 100 });
    try {
      const a = await repo.commit({ 'a.txt': 'a\n' }, { ref: 'refs/heads/a', from: repo.sha! });
      const b = await repo.commit({ 'b.txt': 'b\n' }, { ref: 'refs/heads/b', from: repo.sha! });
      await Promise.all([
        mirrors.fetch(request({ cloneUrl: slow.url('demo'), ref: 'refs/heads/a', sha: a }), () => undefined),
        mirrors.fetch(request({ cloneUrl: slow.url('demo'), ref: 'refs/heads/b', sha: b }), () => undefined),
      ]);
      expect(mirrorHas(a) && mirrorHas(b)).toBe(true);
      // Each fetch makes several requests; overlapping fetches would have had two in flight.
      expect(slow.requests.length).toBeGreaterThanOrEqual(4);
      expect(slow.maxConcurrent).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('stops a fetch that takes longer than the timeout, and the mirror stays usable', async () => {
    const stalled = await startGitHttpServer({ root, token: TOKEN, latencyMs: 5_000 });
    try {
      const impatient = new GitMirrors({ dir, fetchTimeoutMs: 300 });
      const started = Date.now();
      const error = await fetchError(request({ cloneUrl: stalled.url('demo') }), impatient);
      expect(error.message).toMatch(/did not finish within/);
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(error.message).toContain('within 0.3 s');
      // The same mirror, fetched without the short limit (a busy machine can take 300 ms on its own).
      await mirrors.fetch(request(), () => undefined);
      expect(mirrorHas(repo.sha!)).toBe(true);
    } finally {
      await stalled.close();
    }
  });

  it('clears a ref lock left by a git that died long ago', async () => {
    await mirrors.fetch(request(), () => undefined);
    const lock = join(dir, 'p1.git', 'refs', 'kozmic', `${encodeURIComponent('refs/heads/main')}.lock`);
    await writeFile(lock, '');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(lock, hourAgo, hourAgo);
    const newer = await repo.commit({ 'after-crash.txt': 'x\n' });
    await mirrors.fetch(request({ sha: newer }), () => undefined);
    expect(mirrorHas(newer)).toBe(true);
  });

  it('refuses ids, shas, refs and URLs that could escape or inject', async () => {
    await expect(fetchError(request({ projectId: '../evil' }))).resolves.toBeInstanceOf(SourceError);
    await expect(fetchError(request({ sha: '--output=/tmp/x' }))).resolves.toBeInstanceOf(SourceError);
    await expect(fetchError(request({ ref: 'refs/heads/a:refs/heads/b' }))).resolves.toBeInstanceOf(
      SourceError,
    );
    const withCredentials = server.url('demo').replace('http://', `http://x-access-token:${TOKEN}@`);
    const error = await fetchError(request({ cloneUrl: withCredentials }));
    expect(error.message).not.toContain(TOKEN);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('GitMirrors.remove', () => {
  it('deletes the mirror, is idempotent, and a later fetch starts afresh', async () => {
    await mirrors.fetch(request(), () => undefined);
    await mirrors.remove('p1');
    await expect(stat(join(dir, 'p1.git'))).rejects.toMatchObject({ code: 'ENOENT' });
    await mirrors.remove('p1');
    await mirrors.fetch(request(), () => undefined);
    expect(mirrorHas(repo.sha!)).toBe(true);
    await expect(mirrors.remove('../p1')).rejects.toBeInstanceOf(SourceError);
  });
});

/** Every process's argv as visible to any user through `ps` (Linux /proc). */
async function commandLines(): Promise<string[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(
    pids.map((pid) =>
      readFile(`/proc/${pid}/cmdline`, 'utf8').then(
        (text) => text.split('\0').join(' '),
        () => '',
      ),
    ),
  );
  return lines.filter((line) => line !== '');
}
