// A throwaway image registry for tests: Debian's `docker-registry` on 127.0.0.1:<free port> with its
// storage in a temporary folder. Docker allows plain-HTTP registries on 127.0.0.0/8 without any
// daemon configuration, so pushes and pulls work as with a real registry.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../fixtures/free-port.js';

const registryBinary = '/usr/bin/docker-registry';
const run = promisify(execFile);

export interface LocalRegistry {
  /** `127.0.0.1:<port>`, the registry part of image references. */
  readonly host: string;
  /** Pushes a local image as `<host>/<name>` and removes that local tag again; returns the reference. */
  push(localImage: string, name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startLocalRegistry(): Promise<LocalRegistry> {
  if (!existsSync(registryBinary)) {
    throw new Error(`${registryBinary} is missing: install it with \`apt-get install -y docker-registry\`.`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kozmic-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  await writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'storage')}`,
      'http:',
      `  addr: ${host}`,
      '',
    ].join('\n'),
  );
  const child = spawn(registryBinary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilServing(
      host,
      () => child.exitCode !== null,
      () => stderr,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    host,
    async push(localImage, name) {
      const reference = `${host}/${name}`;
      await run('docker', ['tag', localImage, reference]);
      await run('docker', ['push', reference]);
      await run('docker', ['rmi', reference]);
      return reference;
    },
    stop,
  };
}

async function waitUntilServing(host: string, died: () => boolean, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (died()) throw new Error(`docker-registry exited at start:\n${stderr()}`);
    const answered = await fetch(`http://${host}/v2/`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docker-registry did not answer on ${host} within 15 s:\n${stderr()}`);
}
