// One script in one fresh container. Files are copied in through the API (never a bind mount, so a
// remote engine works and the host is never exposed), output is attached before the start so none is
// lost, and `exited` resolves only after the last output byte was delivered.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { EngineError, type ContainerSpec, type RunningStep, type StartedContainer } from '../../core/ports.js';
import { registerExitWait } from './container-wait.js';
import { statusCodeOf, toEngineError } from './engine-errors.js';
import type { ImagePasswd } from './image-passwd.js';
import { ownerOf } from './passwd.js';
import { chooseInterpreter, scriptPath } from './script-launch.js';
import { readyMarkerOf, stepArchive } from './source-archive.js';
import { explainBrokenWait, explainExit, type ExitWitness } from './step-exit.js';

export interface StepEngine extends ExitWitness {
  readonly passwd: ImagePasswd;
}

/**
 * Creates and starts a step's container before its files exist: the script waits for the ready marker
 * (the last entry of the archive `run` copies in), so the slow container start overlaps the fetch of
 * the source. Output is attached before the start so none is lost.
 */
export async function startContainer(
  engine: StepEngine,
  spec: ContainerSpec,
  onOutput: (chunk: Buffer) => void,
): Promise<StartedContainer> {
  const { docker, endpoint } = engine;
  const readyMarker = readyMarkerOf(randomBytes(8).toString('hex'));
  let container: Docker.Container;
  try {
    container = await docker.createContainer(containerOptions(spec, readyMarker));
  } catch (error) {
    if (statusCodeOf(error) === 404) {
      // The id came from prepareImage or the cache moments ago; someone removed the image since.
      throw new EngineError('image', `Image ${spec.image} is no longer on this machine. Run the job again.`, {
        cause: error,
      });
    }
    throw toEngineError(error, endpoint, `creating the step container from image ${spec.image}`);
  }
  let output: Readable | null = null;
  try {
    // Without stdin, what dockerode types as a ReadWriteStream is the plain HTTP response.
    const attached = await container.attach({ stream: true, stdout: true, stderr: true, logs: false });
    output = attached as unknown as Readable;
    const wait = await registerExitWait(docker, container.id);
    // Not awaited here, so `startContainer` returns at once; `run` waits for the start before it copies
    // files in. (Copying while the engine starts the container is not safe: a file written to the
    // overlay's upper layer while it is being mounted may never show inside the container.)
    const starting = container.start();
    starting.catch(() => undefined);
    const step = runningStep(engine, container, output, wait.exitCode, onOutput);
    let ran = false;
    return {
      containerId: container.id,
      image: spec.image,
      run: async (script, source) => {
        if (ran) throw new Error('a step container runs one script');
        ran = true;
        try {
          await starting.catch((error: unknown) => Promise.reject(new StartFailure(error)));
          await copyFilesIn(engine, container, spec, script, source, readyMarker);
        } catch (error) {
          output?.destroy();
          await container.remove({ force: true, v: true }).catch(() => undefined);
          if (error instanceof SourceFailure) throw error.cause;
          if (error instanceof StartFailure) throw toEngineError(error.cause, endpoint, 'starting the step container');
          throw toEngineError(error, endpoint, 'copying files in');
        }
        return step;
      },
    };
  } catch (error) {
    output?.destroy();
    await container.remove({ force: true, v: true }).catch(() => undefined);
    throw toEngineError(error, endpoint, 'starting the step container');
  }
}

// The container starts before its files are copied in, so the script waits for the ready marker (every
// `sleep` we know takes fractions; `|| sleep 1` covers one that does not). The marker is left in place:
// removing it could race the engine, which sets its owner just after creating it, and fail the copy.
// The script's interpreter is chosen as script-launch.ts says. Stdin is /dev/null: on the TTY nobody
// ever types into, a prompt (`apt-get install` without -y) would wait forever. No WorkingDir: Docker
// would create it as root before the files (owned by the step's user) arrive.
// A container to be committed runs the script as a child instead, to remove the step's files after it
// (quietly: a file the script made root's may stay) and exit with the script's code.
function waitThenRun(readyMarker: string, committed: boolean): string {
  const wait =
    `while [ ! -e /${readyMarker} ]; do sleep 0.01 2>/dev/null || sleep 1; done; ` + 'cd /kozmic/src || exit 1';
  const cleanUp = `cd / && rm -rf /kozmic/src ${scriptPath} /${readyMarker} 2>/dev/null`;
  const run = committed ? `"$@" </dev/null; code=$?; ${cleanUp}; exit $code` : 'exec "$@" </dev/null';
  return [wait, chooseInterpreter(), run].join('\n');
}

function containerOptions(spec: ContainerSpec, readyMarker: string): Docker.ContainerCreateOptions {
  return {
    Image: spec.image,
    // The launcher runs through sh whatever the image's entrypoint is.
    Entrypoint: [],
    Cmd: ['/bin/sh', '-c', waitThenRun(readyMarker, spec.committed ?? false)],
    Tty: true,
    User: spec.user ?? '',
    Env: environmentOf(spec.env),
    Labels: { ...spec.labels },
    HostConfig: {
      // Kozmic stores the output itself; the engine's own json-file copy halves throughput.
      LogConfig: { Type: 'none', Config: {} },
      Memory: spec.limits.memoryBytes,
      NanoCpus: spec.limits.nanoCpus,
      PidsLimit: spec.limits.pidsLimit,
      // An init as PID 1 reaps zombies and forwards signals, so stopping a step is never slowed by a
      // script that ignores SIGTERM.
      Init: true,
      Privileged: false,
      // Deliberately no `no-new-privileges`: it disables setuid, and builds commonly use sudo (the
      // images' own business). The container is unprivileged, with no mounts and no Docker socket.
    },
  };
}

function environmentOf(env: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  // Tools colour their output only for a terminal they know; the log viewer is an xterm.
  return 'TERM' in env ? entries : ['TERM=xterm-256color', ...entries];
}

/** Marks a failed container start, which `run` reports once it is called. */
class StartFailure extends Error {
  constructor(cause: unknown) {
    super('starting the container failed', { cause });
  }
}

/** Marks an error of the step's source: it reaches the caller as the source adapter raised it. */
class SourceFailure extends Error {
  constructor(cause: unknown) {
    super('reading the source failed', { cause });
  }
}

/**
 * Puts `/kozmic/script` and `/kozmic/src/…` into the created container, owned by the user the container
 * will run as: `spec.user`, or the image's default user, which Docker has resolved into the config.
 */
async function copyFilesIn(
  engine: StepEngine,
  container: Docker.Container,
  spec: ContainerSpec,
  script: string,
  sourceOf: () => Promise<NodeJS.ReadableStream>,
  readyMarker: string,
): Promise<void> {
  // All three are independent; each costs a round trip or a process start on the job's critical path.
  const sourceReady = sourceOf().catch((error: unknown) => Promise.reject(new SourceFailure(error)));
  sourceReady.catch(() => undefined);
  const [user, passwd] = await Promise.all([
    spec.user ?? container.inspect().then((info) => info.Config.User ?? ''),
    engine.passwd.entries(spec.image, container),
  ]);
  const owner = ownerOf(user, passwd);
  const source = await sourceReady;
  let sourceError: unknown = null;
  source.on('error', (error: unknown) => (sourceError ??= error));
  const scriptFile = { path: 'script', content: Buffer.from(script), mode: 0o755 };
  const archive = stepArchive([scriptFile], source, owner, readyMarker);
  const uploaded = container
    .putArchive(archive.stream as unknown as NodeJS.ReadableStream, { path: '/' })
    .catch((error: unknown) => {
      archive.stream.destroy();
      throw error;
    });
  // Either side failing ends the other; wait for both, then blame the source if it broke first.
  const results = await Promise.allSettled([uploaded, archive.done]);
  if (sourceError !== null) throw new SourceFailure(sourceError);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}

function runningStep(
  engine: ExitWitness,
  container: Docker.Container,
  output: Readable,
  exitCode: Promise<number>,
  onOutput: (chunk: Buffer) => void,
): RunningStep {
  let consumerError: unknown = null;
  /** Set once Kozmic kills the step: such an exit is Kozmic's doing and never asked about. */
  let killed = false;
  // With a TTY the stream is not multiplexed: every byte is the terminal's output, ANSI codes and all.
  output.on('data', (chunk: Buffer) => {
    if (consumerError !== null) return;
    try {
      onOutput(chunk);
    } catch (error) {
      consumerError = error;
      killed = true;
      void container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    }
  });
  const drained = new Promise<void>((resolve) => {
    output.on('end', resolve);
    output.on('close', resolve);
    output.on('error', () => resolve());
  });
  const exited = Promise.all([exitCode, drained]).then(
    async ([code]) => {
      if (consumerError !== null) throw consumerError;
      // A container the engine stopped, or the kernel killed for memory, is not the script failing.
      const cause = killed ? null : await explainExit(engine, container.id, code);
      if (cause) throw cause;
      return code;
    },
    async (error: unknown) => {
      if (killed) throw toEngineError(error, engine.endpoint, 'waiting for the step to finish');
      throw await explainBrokenWait(engine, error);
    },
  );
  exited.catch(() => undefined);
  return {
    containerId: container.id,
    exited,
    async kill() {
      killed = true;
      try {
        await container.kill({ signal: 'SIGKILL' });
      } catch (error) {
        // Not running any more (409) or already removed (404): the kill has nothing left to do.
        const status = statusCodeOf(error);
        if (status !== 409 && status !== 404) {
          throw toEngineError(error, engine.endpoint, 'stopping the step');
        }
      }
    },
  };
}
