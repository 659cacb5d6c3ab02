// The dependency table of docs/ARCHITECTURE.md is enforced by ESLint; these cases prove each arrow
// fails when crossed and passes when allowed, using the project's real configuration.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

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
    ['server/contract/dto.ts', "import type { Stats } from 'node:fs';"],
    ['server/contract/dto.ts', "import type { Store } from '../core/ports.js';"],
    ['server/store/shard.ts', "import { Hooks } from '../core/hooks.js';"],
    ['server/store/shard.ts', "import { DockerEngine } from '../engine/docker/docker-engine.js';"],
    ['server/http/ui-server.ts', "import { createDispatcher } from '../rpc/dispatcher.js';"],
    ['server/engine/docker/run.ts', "import { BrowserWindow } from 'electron';"],
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
    ['server/host/create-core.ts', "import { openStore } from '../store/open-store.js';"],
    ['renderer/src/stores/projects.ts', "import type { ProjectDto } from '../../../server/contract/dto.js';"],
    ['electron/main.ts', "import { createCore } from '../server/host/create-core.js';"],
    ['electron/preload/preload.ts', "import { isCommandName } from '../../server/contract/commands.js';"],
  ])('%s may %s', async (file, source) => {
    expect(await restrictedImports(file, `${source}\nexport {};\n`)).toEqual([]);
  });
});
