// The dependency table of docs/ARCHITECTURE.md is enforced by ESLint; these cases prove each arrow
// fails when crossed and passes when allowed, using the project's real configuration. The import graph
// itself is then checked: the core imports no adapter, nothing under server/ imports in a loop (type
// imports included), and every source file falls under a layering rule by its folder, never its name.
import { ESLint } from 'eslint';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph, importLoops } from './import-graph.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

interface LintBlock {
  readonly files?: readonly unknown[];
  readonly ignores?: readonly unknown[];
  readonly rules?: Record<string, unknown>;
}
/** The configuration's blocks as written (a JavaScript module, so loaded by URL). */
const config = ((await import(new URL('../../eslint.config.js', import.meta.url).href)) as { default: LintBlock[] }).default;

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}/${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// ESLint loads its whole configuration on the first call: seconds on a busy machine.
describe('layering rules', { timeout: 30_000 }, () => {
  it.each([
    ['server/core/scheduler.ts', "import { DockerEngine } from '../engine/docker/docker-engine.js';"],
    ['server/core/scheduler.ts', "import Docker from 'dockerode';"],
    ['server/core/tray.ts', "import { app } from 'electron';"],
    ['server/core/hooks.ts', "import { createCore } from '../host/create-core.js';"],
    ['server/core/hooks.ts', "import { KeyedQueue } from '../shared/keyed-queue.js';"],
    ['server/core/team/roles.ts', "import { openStore } from '../../store/open-store.js';"],
    ['server/contract/dto.ts', "import type { Stats } from 'node:fs';"],
    ['server/contract/dto.ts', "import type { Store } from '../core/ports.js';"],
    ['server/store/shard.ts', "import { Hooks } from '../core/hooks.js';"],
    ['server/store/shard.ts', "import { Access } from '../core/team/access.js';"],
    ['server/store/shard.ts', "import { DockerEngine } from '../engine/docker/docker-engine.js';"],
    ['server/store/shard.ts', "import { createCore } from '../host/create-core.js';"],
    ['server/http/ui-server.ts', "import { relayLogs } from '../rpc/log-relay.js';"],
    ['server/engine/docker/run.ts', "import { BrowserWindow } from 'electron';"],
    ['server/shared/keyed-queue.ts', "import type { Store } from '../core/ports.js';"],
    ['server/shared/keyed-queue.ts', "import { z } from 'zod';"],
    ['server/host/create-core.ts', "import { app } from 'electron';"],
    ['server/main.ts', "import { app } from 'electron';"],
    ['electron/desktop-shell.ts', "import { ipcMain } from 'electron';"],
    ['electron/tray/tray-controller.ts', "import * as electron from 'electron';"],
    ['electron/ipc/window-ipc.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/stores/projects.ts', "import { readFile } from 'node:fs';"],
    ['renderer/src/stores/projects.ts', "import { Hooks } from '../../../server/core/hooks.js';"],
    ['electron/preload/preload.ts', "import { openStore } from '../../server/store/open-store.js';"],
  ])('%s may not %s', async (file, source) => {
    expect(await restrictedImports(file, `${source}\nexport {};\n`)).toHaveLength(1);
  });

  it.each([
    ['server/core/hooks.ts', "import type { Store } from './ports.js';"],
    ['server/store/shard.ts', "import type { Store } from '../core/ports.js';"],
    ['server/store/shard.ts', "import type { JobDto } from '../contract/dto.js';"],
    ['server/store/shard.ts', "import { KeyedQueue } from '../shared/keyed-queue.js';"],
    ['server/host/create-core.ts', "import { openStore } from '../store/open-store.js';"],
    ['server/main.ts', "import { relayLogs } from './rpc/log-relay.js';"],
    ['electron/main.ts', "import { createCore } from '../server/host/create-core.js';"],
    ['electron/ipc/window-ipc.ts', "import { ipcMain } from 'electron';"],
    ['electron/preload/preload.ts', "import { ipcRenderer } from 'electron';"],
    ['electron/preload/preload.ts', "import { isCommandName } from '../../server/contract/commands.js';"],
    ['renderer/src/stores/projects.ts', "import type { ProjectDto } from '../../../server/contract/dto.js';"],
  ])('%s may %s', async (file, source) => {
    expect(await restrictedImports(file, `${source}\nexport {};\n`)).toEqual([]);
  });
});

describe('the import graph', () => {
  const graph = importGraph(root, 'server');

  it('has no import loop anywhere under server/, type-only imports included', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(importLoops(graph)).toEqual([]);
  });

  it('finds a loop when there is one (the check can fail)', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importLoops(looped)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('leads from server/core only into server/core and server/contract', () => {
    const outward = [...graph]
      .filter(([file]) => file.startsWith('server/core/'))
      .flatMap(([file, targets]) => targets.map((target) => `${file} → ${target}`))
      .filter((edge) => !/→ server\/(core|contract)\//.test(edge));
    expect(outward).toEqual([]);
  });
});

describe('the lint configuration', () => {
  /** Every files/ignores entry of a block that sets layering rules. */
  const layeringGlobs = config
    .filter((block) => block.rules?.['no-restricted-imports'])
    .flatMap((block) => [...(block.files ?? []), ...(block.ignores ?? [])])
    .flat();

  it('names folders and patterns, never one file', () => {
    expect(layeringGlobs.length).toBeGreaterThan(10);
    expect(layeringGlobs.filter((glob) => typeof glob !== 'string' || !glob.includes('*'))).toEqual([]);
  });

  it('puts every server/ and electron/ source file under a layering rule', async () => {
    const files = [...sourceFilesUnder('server'), ...sourceFilesUnder('electron')];
    const uncovered: string[] = [];
    for (const file of files) {
      const rules = (await eslint.calculateConfigForFile(join(root, file))) as { rules?: Record<string, unknown> };
      const setting = rules.rules?.['no-restricted-imports'] as [number | string, ...unknown[]] | undefined;
      if (!setting || setting[0] === 0 || setting[0] === 'off') uncovered.push(file);
    }
    expect(files.length).toBeGreaterThan(200);
    expect(uncovered).toEqual([]);
  }, 60_000);
});

function sourceFilesUnder(folder: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /\.(ts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative(root, path)] : [];
    });
  return walk(join(root, folder));
}
