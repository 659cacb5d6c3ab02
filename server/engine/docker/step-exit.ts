// Why a step's container stopped, when the script may not be the reason. An exit code alone cannot tell:
// a script that runs `exit 143` and one the engine stopped with SIGTERM both end with 143. So a non-zero
// exit is checked against what the engine recorded: the kernel's out-of-memory kill (`State.OOMKilled`),
// and the kills it delivered (its `kill` events; Kozmic's own kills are known and never asked about).
// An engine being stopped (`systemctl stop docker`) first closes its socket to new connections, then
// stops every container with SIGTERM: a kill followed by no answer is the engine stopping.
import { constants } from 'node:os';
import type Docker from 'dockerode';
import { EngineError } from '../../core/ports.js';
import { isUnreachable, statusCodeOf } from './engine-errors.js';

export interface ExitWitness {
  readonly docker: Docker;
  readonly endpoint: string;
  /** Whether the engine takes a new connection now (never over a kept-alive one). */
  readonly answers: () => Promise<boolean>;
}

/** How long to wait for the engine's `die` event, which closes the list of kills, after the exit. */
const eventsWaitMs = 2000;

/**
 * Null when the exit code is the script's own (a failure of the code); otherwise an EngineError saying
 * what stopped the container. Only asked about exits Kozmic did not cause.
 */
export async function explainExit(
  witness: ExitWitness,
  containerId: string,
  exitCode: number,
): Promise<EngineError | null> {
  if (exitCode === 0) return null;
  let info: Docker.ContainerInspectInfo;
  try {
    info = await witness.docker.getContainer(containerId).inspect();
  } catch (error) {
    if (statusCodeOf(error) === 404) return removedThroughDocker();
    if (isUnreachable(error) || !(await witness.answers())) return engineStopped(witness.endpoint);
    return null;
  }
  if (info.State.OOMKilled) return outOfMemory(info.HostConfig.Memory ?? 0);
  let signals: string[];
  try {
    signals = await killSignals(witness.docker, containerId, info.State.StartedAt);
  } catch {
    return (await witness.answers()) ? null : engineStopped(witness.endpoint);
  }
  if (signals.length === 0) return null;
  if (!(await witness.answers())) return engineStopped(witness.endpoint);
  return killedThroughDocker(signals);
}

/**
 * What the engine says when the wait for the exit broke off (the engine was killed, or its socket
 * closed): whether it is gone, or answers again.
 */
export async function explainBrokenWait(witness: ExitWitness, error: unknown): Promise<EngineError> {
  const answers = await witness.answers();
  const message = answers
    ? `The connection to the Docker engine at ${witness.endpoint} broke while the step ran, and the engine ` +
      'answers again: it restarted or crashed, which stops its containers. Restart the job.'
    : `The Docker engine at ${witness.endpoint} stopped while the step ran (it was stopped or crashed) and ` +
      'no longer answers. Start Docker again, then restart the job.';
  return new EngineError('engine', message, { cause: error });
}

function engineStopped(endpoint: string): EngineError {
  return new EngineError(
    'engine',
    `The Docker engine at ${endpoint} stopped while the step ran, and stopped its container. ` +
      'Start Docker again, then restart the job.',
  );
}

function outOfMemory(limitBytes: number): EngineError {
  const limit = limitBytes > 0 ? `limit ${Math.round(limitBytes / 1024 / 1024)} MB` : 'no limit set';
  return new EngineError(
    'engine',
    `The step ran out of memory (${limit}): the kernel's out-of-memory killer stopped it. ` +
      'Raise the job memory limit in Settings, or make the build use less memory.',
  );
}

function killedThroughDocker(signals: readonly string[]): EngineError {
  const names = [...new Set(signals)].join(', then ');
  return new EngineError(
    'engine',
    `The step's container was stopped through Docker with ${names}, not by Kozmic nor by the script ` +
      '(someone ran `docker stop` or `docker kill` on it). Restart the job to run it again.',
  );
}

function removedThroughDocker(): EngineError {
  return new EngineError(
    'engine',
    "The step's container was removed through Docker while it ran, not by Kozmic. Restart the job to run it again.",
  );
}

/**
 * The signals the engine delivered to the container since it started, read from its events up to the
 * container's `die`, which the engine records just after the exit (the engine keeps its latest events
 * in memory, and these are the latest).
 */
async function killSignals(docker: Docker, containerId: string, startedAt: string): Promise<string[]> {
  const since = Math.floor(Date.parse(startedAt) / 1000) || Math.floor(Date.now() / 1000) - 3600;
  const stream = (await docker.getEvents({
    since,
    filters: { type: ['container'], container: [containerId], event: ['kill', 'die'] },
  })) as unknown as NodeJS.ReadableStream & { destroy(): void };
  return new Promise<string[]>((resolve, reject) => {
    const signals: string[] = [];
    let pending = '';
    const finish = (): void => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.on('error', () => undefined);
      stream.destroy();
      resolve(signals);
    };
    const timer = setTimeout(finish, eventsWaitMs);
    stream.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.trim() !== '')) {
        let event: { Action?: string; Actor?: { Attributes?: Record<string, string> } };
        try {
          event = JSON.parse(line) as typeof event;
        } catch {
          continue;
        }
        if (event.Action === 'kill') signals.push(signalName(event.Actor?.Attributes?.['signal']));
        if (event.Action === 'die') return finish();
      }
    });
    stream.on('error', (error: unknown) => {
      clearTimeout(timer);
      reject(error);
    });
    stream.on('end', finish);
  });
}

function signalName(signal: string | undefined): string {
  if (!signal) return 'a signal';
  if (!/^\d+$/.test(signal)) return signal;
  const number = Number(signal);
  const name = Object.entries(constants.signals).find(([, value]) => value === number)?.[0];
  return name ?? `signal ${number}`;
}
