// Packaging with the real electron-builder (electron-builder.yml), into the unpacked app, with a
// stand-in Electron runtime: the real one cannot be downloaded here. The stand-in carries Electron's
// fuse wire, so the fuses electron-builder flips are read back. Then the produced app.asar is opened
// and its main process run under Node (with the Electron double) from the extracted files alone.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot, startDesktop } from '../fixtures/desktop-process.js';

const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 40's fuse order (see @electron/fuses): RunAsNode, CookieEncryption, NODE_OPTIONS, inspect, asar integrity, only asar, V8 snapshot, file:// privileges. */
const fuseNames = ['runAsNode', 'cookieEncryption', 'nodeOptions', 'nodeCliInspect', 'asarIntegrity', 'onlyLoadAppFromAsar', 'v8Snapshot', 'fileProtocolPrivileges'];
/** Electron's own defaults, as shipped. */
const shippedFuses = '10110001';

interface Asar {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractAll(archive: string, dest: string): void;
}

describe('packaging', () => {
  let work: string;
  let unpacked: string;
  let files: string[];
  const manifest = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const asar = createRequire(join(appRoot, 'build/tools/package.json'))('@electron/asar') as Asar;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kozmic-pack-'));
    const runtime = join(work, 'runtime');
    await mkdir(runtime);
    const standIn = Buffer.concat([
      Buffer.from('#!/bin/sh\necho "a stand-in for the Electron runtime"\n# '),
      Buffer.from(sentinel),
      Buffer.from([1, shippedFuses.length]),
      Buffer.from(shippedFuses),
      Buffer.from('\n'),
    ]);
    await writeFile(join(runtime, 'electron'), standIn);
    await chmod(join(runtime, 'electron'), 0o755);
    execFileSync(
      process.execPath,
      [
        'scripts/package-app.mjs',
        '--linux',
        '--dir',
        `-c.electronDist=${runtime}`,
        `-c.electronVersion=${manifest.devDependencies.electron}`,
        `-c.directories.output=${join(work, 'dist')}`,
      ],
      { cwd: appRoot, stdio: 'pipe', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
    );
    unpacked = join(work, 'dist', 'linux-unpacked');
    files = asar.listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
  }, 240_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('holds the entry point, the preload and the renderer', () => {
    for (const file of ['/package.json', '/out/electron/main.js', '/out/electron/preload.cjs', '/out/renderer/index.html']) {
      expect(files).toContain(file);
    }
  });

  it('holds production dependencies only, and no tests, sources, benchmarks or maps', () => {
    const modules = new Set(files.map((f) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
    for (const name of Object.keys(manifest.dependencies)) expect(modules).toContain(name);
    // npm marks every package only development needs (the devDependencies and what only they pull in).
    const lock = JSON.parse(readFileSync(join(appRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages)
      .filter(([path, entry]) => entry.dev && /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.test(path))
      .map(([path]) => path.slice('node_modules/'.length));
    expect(devOnly).toContain('electron');
    expect(devOnly.filter((name) => modules.has(name))).toEqual([]);
    const own = files.filter((f) => !f.startsWith('/node_modules/'));
    expect(own.filter((f) => /\.test\.|\.map$|\.ts$|-test-fixtures|^\/(test|bench|server|renderer|electron|scripts)\//.test(f))).toEqual([]);
  });

  it('puts the tray icons in resources/', async () => {
    for (const state of ['broken', 'running', 'warning', 'good', 'muted']) {
      expect((await readFile(join(unpacked, 'resources', 'tray', `${state}-16.png`))).subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('flips the Electron fuses: no RunAsNode, cookies encrypted, the app only from its checked asar', async () => {
    const binary = await readFile(join(unpacked, 'kozmic'));
    const at = binary.indexOf(sentinel) + sentinel.length + 2;
    const wire = binary.subarray(at, at + shippedFuses.length).toString();
    const fuses = Object.fromEntries(fuseNames.map((name, i) => [name, wire[i] === '1']));
    expect(fuses).toMatchObject({
      runAsNode: false,
      cookieEncryption: true,
      nodeOptions: false,
      nodeCliInspect: false,
      asarIntegrity: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('runs from the packaged files alone: every module the main process imports is inside', async () => {
    const extracted = join(work, 'extracted');
    asar.extractAll(join(unpacked, 'resources', 'app.asar'), extracted);
    const dataDir = join(work, 'data');
    await mkdir(dataDir);
    const desktop = await startDesktop({ KOZMIC_DATA_DIR: dataDir }, [], join(extracted, 'out/electron/main.js'));
    try {
      const status = await desktop.call<{ version: string; host: string }>('app.status');
      expect(status).toMatchObject({ version: manifest.version, host: 'desktop' });
      const page = (await desktop.act('fetch-app', { url: 'app://kozmic/' })) as { status: number; body: string };
      expect(page.status).toBe(200);
      expect(page.body).toContain('<!doctype html>');
    } finally {
      await desktop.act('quit');
      await desktop.exited;
    }
  }, 60_000);
});
