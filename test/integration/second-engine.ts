// A Docker engine of the test's own, for tests in which the engine stops or crashes: the machine's main
// engine is shared and must never be stopped. It runs in its own network namespace (with `--bridge
// none` in the host's namespace, dockerd would delete the shared docker0 bridge), with its own socket,
// data and exec roots, and gets the images the test needs from the main engine.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';

const run = promisify(execFile);

export interface SecondEngine {
  /** `unix://…`, for DockerEngine and Kozmic's settings. */
  readonly endpoint: string;
  readonly docker: Docker;
  /** Sends dockerd the signal and waits until it has exited. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts dockerd again on the same data (after `stop`). */
  start(): Promise<void>;
  /** Stops the engine, removes its containers and every file it made. */
  close(): Promise<void>;
}

export async function startSecondEngine(images: readonly string[]): Promise<SecondEngine> {
  // Short paths: containerd's sockets live under the exec root, and a socket path has ~100 bytes.
  const root = await mkdtemp('/tmp/kze-');
  const socket = join(root, 'd.sock');
  const docker = new Docker({ socketPath: socket });
  let daemon: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async (): Promise<void> => {
    const log = openSync(join(root, 'dockerd.log'), 'a');
    // `unshare` execs dockerd, so this child is dockerd itself and a signal to it reaches the engine.
    const child = spawn(
      'unshare',
      [
        '--net',
        'dockerd',
        '--host',
        `unix://${socket}`,
        '--data-root',
        join(root, 'data'),
        '--exec-root',
        join(root, 'exec'),
        '--pidfile',
        join(root, 'dockerd.pid'),
        '--bridge',
        'none',
        '--iptables=false',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    daemon = child;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) {
        const log = await readFile(join(root, 'dockerd.log'), 'utf8').catch(() => '');
        throw new Error(`the second dockerd exited:\n${log.split('\n').slice(-8).join('\n')}`);
      }
      if (
        await docker.ping().then(
          () => true,
          () => false,
        )
      )
        return;
      if (Date.now() > deadline)
        throw new Error(`the second dockerd did not answer: see ${root}/dockerd.log`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const stop = async (signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    if (!daemon || daemon.exitCode !== null || daemon.signalCode !== null) return;
    const containerd = await readFile(join(root, 'exec', 'containerd', 'containerd.pid'), 'utf8').catch(
      () => '',
    );
    daemon.kill(signal);
    await exited;
    // A killed dockerd's containerd dies a moment later; a dockerd started before that would try to
    // reuse it and fail.
    await gone(Number(containerd.trim()));
  };

  await start();
  for (const image of images) {
    await run('sh', ['-c', `docker save "$1" | docker -H "unix://$2" load`, 'load', image, socket], {
      maxBuffer: 1 << 20,
    });
  }

  return {
    endpoint: `unix://${socket}`,
    docker,
    stop,
    start,
    async close() {
      if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
        const left = await docker.listContainers({ all: true }).catch(() => []);
        for (const c of left)
          await docker
            .getContainer(c.Id)
            .remove({ force: true })
            .catch(() => undefined);
      }
      await stop('SIGTERM');
      // A dockerd killed with SIGKILL leaves its containerd shims and mounts behind; end those it made.
      await endLeftoverShims(root);
      const mounts = (await readFile('/proc/self/mountinfo', 'utf8'))
        .split('\n')
        .map((line) => line.split(' ')[4] ?? '')
        .filter((path) => path.startsWith(`${root}/`))
        .sort((a, b) => b.length - a.length);
      for (const path of mounts) await run('umount', ['-l', path]).catch(() => undefined);
      await rm(root, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** Shims started for this engine name its exec root on their command line; nothing else's does. */
async function endLeftoverShims(root: string): Promise<void> {
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
  for (const line of stdout.split('\n')) {
    const [pid, ...args] = line.trim().split(/\s+/);
    if (pid && args.join(' ').includes(`${root}/exec`)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

async function gone(pid: number): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0) return;
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
