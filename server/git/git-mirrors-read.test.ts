// GitMirrors.exportTree and objectIds on a mirror fetched from a real git server.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRepo,
  startGitHttpServer,
  type GitHttpServer,
  type TestRepo,
} from '../../test/fixtures/git-http-server.js';
import { SourceError } from '../core/ports.js';
import { GitMirrors } from './git-mirrors.js';

const TOKEN = 'ghs_readTestToken';
const ODD_PATHS = [
  'with space.txt',
  'ünïcödé/ファイル.txt',
  '-leading-dash',
  'colon:in{name}.txt',
  '__proto__',
  'a\\b',
];
const FILES: Record<string, string> = {
  'README.md': '# demo\n',
  'src/main.c': 'int main() { return 0; }\n',
  'src/lib/util.c': 'void util(void) {}\n',
  'docs/guide.md': 'guide\n',
  // Must not make `git archive` drop or rewrite anything: builds need the tree as committed.
  '.gitattributes': 'ignored.txt export-ignore\nsubst.txt export-subst\n',
  'ignored.txt': 'still here\n',
  'subst.txt': '$Format:%H$\n',
  ...Object.fromEntries(ODD_PATHS.map((path) => [path, `content of ${path}\n`])),
};

let root: string;
let dir: string;
let server: GitHttpServer;
let repo: TestRepo;
let mirrors: GitMirrors;

const fetchCommit = (sha: string, name = 'demo', projectId = 'p1') =>
  mirrors.fetch(
    {
      projectId,
      cloneUrl: server.url(name),
      credentials: { username: 'x-access-token', password: TOKEN },
      ref: 'refs/heads/main',
      sha,
    },
    () => undefined,
  );

const revParse = (expression: string) =>
  execFileSync('git', ['--git-dir', repo.dir, 'rev-parse', expression], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kozmic-git-served-'));
  dir = await mkdtemp(join(tmpdir(), 'kozmic-git-mirrors-'));
  repo = await createRepo(root, 'demo', FILES);
  server = await startGitHttpServer({ root, token: TOKEN });
  mirrors = new GitMirrors({ dir });
  await fetchCommit(repo.sha!);
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

async function untar(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const tar = extract();
  stream.on('error', (error) => tar.destroy(error));
  (stream as Readable).pipe(tar);
  for await (const entry of tar) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type === 'file') files.set(entry.header.name, Buffer.concat(chunks).toString('utf8'));
  }
  return files;
}

describe('GitMirrors.exportTree', () => {
  it('streams the commit tree as a tar, paths relative to the root, exactly as committed', async () => {
    const files = await untar(await mirrors.exportTree('p1', repo.sha!));
    expect(Object.fromEntries(files)).toEqual(FILES);
  });

  it('errors the stream when git cannot archive the commit', async () => {
    const unknown = 'f'.repeat(40);
    const stream = await mirrors.exportTree('p1', unknown);
    const error = await untar(stream).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/git archive of f{40} failed/);
  });

  it('stops git when the consumer abandons the stream', async () => {
    const stream = (await mirrors.exportTree('p1', repo.sha!)) as Readable;
    stream.destroy();
    await new Promise((resolve) => stream.once('close', resolve));
    expect(stream.destroyed).toBe(true);
  });

  it('refuses before starting git when there is no mirror or the sha is not a commit id', async () => {
    await expect(mirrors.exportTree('nomirror', repo.sha!)).rejects.toBeInstanceOf(SourceError);
    await expect(mirrors.exportTree('p1', '--output=/tmp/evil')).rejects.toBeInstanceOf(SourceError);
  });
});

describe('GitMirrors.objectIds', () => {
  it('gives blob ids for files, tree ids for folders and the root, null for missing paths', async () => {
    const ids = await mirrors.objectIds('p1', repo.sha!, [
      'README.md',
      'src',
      'src/lib',
      '.',
      'nope',
      'src/nope/x',
    ]);
    expect(ids).toEqual({
      'README.md': revParse(`${repo.sha}:README.md`),
      src: revParse(`${repo.sha}:src`),
      'src/lib': revParse(`${repo.sha}:src/lib`),
      '.': revParse(`${repo.sha}^{tree}`),
      nope: null,
      'src/nope/x': null,
    });
  });

  it('handles spaces, unicode, leading dashes, colons and odd names in paths', async () => {
    const ids = await mirrors.objectIds('p1', repo.sha!, ODD_PATHS);
    for (const path of ODD_PATHS) expect(ids[path], path).toBe(revParse(`${repo.sha}:${path}`));
    expect(ids['ünïcödé/ファイル.txt']).toMatch(/^[0-9a-f]{40}$/);
  });

  it('gives null below a file, and answers duplicates and an empty list', async () => {
    const ids = await mirrors.objectIds('p1', repo.sha!, ['README.md/x', 'src', 'src']);
    expect(ids).toEqual({ 'README.md/x': null, src: revParse(`${repo.sha}:src`) });
    expect(await mirrors.objectIds('p1', repo.sha!, [])).toEqual({});
  });

  it('changes a folder id when a file inside it changes, and only along that path', async () => {
    const paths = ['src', 'src/lib', 'docs', '.'];
    const before = await mirrors.objectIds('p1', repo.sha!, paths);
    const next = await repo.commit({ 'src/lib/util.c': 'void util(void) { /* changed */ }\n' });
    await fetchCommit(next);
    const after = await mirrors.objectIds('p1', next, paths);
    expect(after.src).not.toBe(before.src);
    expect(after['src/lib']).not.toBe(before['src/lib']);
    expect(after['.']).not.toBe(before['.']);
    expect(after.docs).toBe(before.docs);
  });

  it('fails for a commit the mirror does not hold', async () => {
    await expect(mirrors.objectIds('p1', 'e'.repeat(40), ['README.md'])).rejects.toThrow(/not in the mirror/);
    await expect(mirrors.objectIds('nomirror', repo.sha!, ['README.md'])).rejects.toBeInstanceOf(SourceError);
  });

  it('resolves 10,000 tracked paths with one git process', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) files[`pkg${i % 100}/file ${i}.txt`] = `${i}\n`;
    const big = await createRepo(root, 'big', files);
    await fetchCommit(big.sha!, 'big', 'big1');
    const paths = [...Object.keys(files), ...Array.from({ length: 100 }, (_, i) => `pkg${i}`)];

    const timings: string[] = [];
    let ids: Record<string, string | null> = {};
    for (const run of ['first', 'second']) {
      const started = performance.now();
      ids = await mirrors.objectIds('big1', big.sha!, paths);
      timings.push(`${run} ${(performance.now() - started).toFixed(1)} ms`);
    }

    // Measured, not asserted: timing on shared CI machines is too noisy for a hard limit.
    console.log(`objectIds for ${paths.length} paths: ${timings.join(', ')}`);
    expect(Object.values(ids).every((id) => id !== null)).toBe(true);
    expect(ids['pkg7/file 4207.txt']).toBe(
      execFileSync('git', ['--git-dir', big.dir, 'rev-parse', `${big.sha}:pkg7/file 4207.txt`], {
        encoding: 'utf8',
      }).trim(),
    );
  }, 30_000);
});
