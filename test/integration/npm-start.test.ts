// `npm start` as a service manager runs it: stopping npm (SIGTERM to npm alone, as `kill <pid>` or a
// unit's stop does) stops Kozmic and frees its ports, so the next start works.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/free-port.js';
import { appRoot, makeDataDir, removeDataDir } from './headless-process.js';

const started: ChildProcess[] = [];

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function npmStart(env: Record<string, string>): Promise<{ npm: ChildProcess; output: () => string }> {
  const npm = spawn('npm', ['start'], {
    cwd: appRoot,
    env: { ...process.env, KOZMIC_HEADLESS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(npm);
  let output = '';
  npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  npm.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await expect.poll(() => output, { timeout: 120_000, interval: 200 }).toContain('Kozmic ready.');
  return { npm, output: () => output };
}

describe('npm start', () => {
  afterEach(() => {
    // Whatever a failed test left: only the processes this test started, by their ids.
    for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('stops Kozmic when npm is sent SIGTERM, so a second start finds its ports free', async () => {
    const dataDir = await makeDataDir();
    const [port, uiPort] = [await freePort(), await freePort()];
    const env = { KOZMIC_DATA_DIR: dataDir, KOZMIC_PORT: String(port), KOZMIC_UI_PORT: String(uiPort) };
    try {
      const first = await npmStart(env);
      expect(await listening(port)).toBe(true);
      expect(await listening(uiPort)).toBe(true);
      first.npm.kill('SIGTERM');
      await expect.poll(() => listening(port), { timeout: 15_000 }).toBe(false);
      await expect.poll(() => listening(uiPort), { timeout: 15_000 }).toBe(false);

      const second = await npmStart(env);
      expect(second.output()).not.toContain('already in use');
      second.npm.kill('SIGTERM');
      await expect.poll(() => listening(uiPort), { timeout: 15_000 }).toBe(false);
    } finally {
      await removeDataDir(dataDir);
    }
  }, 300_000);
});
