// The JobEngine port: the container engine the runner drives.
import type { DockerStatusDto } from '../../contract/dto.js';

/** Every container and image Kozmic creates carries this label, so crash recovery can find them all. */
export const managedLabels = { 'dev.kozmic.managed': 'true' } as const;

/** Whether the container engine answers. Never throws: an unreachable engine is a status, not a failure. */
export interface EngineProbe {
  probe(): Promise<DockerStatusDto>;
}

/** Resource limits applied to every job container. */
export interface ContainerLimits {
  readonly memoryBytes: number;
  /** CPU quota in units of 1e-9 CPUs (Docker's NanoCpus). */
  readonly nanoCpus: number;
  readonly pidsLimit: number;
}

/** A step's container, before its script and source are known. */
export interface ContainerSpec {
  /** Image id (not a name): what `prepareImage` or a cache lookup returned. */
  readonly image: string;
  readonly env: Readonly<Record<string, string>>;
  /** Run as this user, or the image's default user when null. */
  readonly user: string | null;
  readonly limits: ContainerLimits;
  /** Labels marking the container as Kozmic's (project, build, job, attempt, step). */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * The container is committed to an image when its step ends (an install step). Its files under
   * `/kozmic` (the script and the tree) are removed as the script ends, so the image keeps only what
   * the script installed elsewhere, and a build step started from it gets exactly its own commit's tree
   * (no file deleted since lingers).
   */
  readonly committed?: boolean;
}

export interface StepSpec extends ContainerSpec {
  /** Script text; written to `/kozmic/script` and run from `/kozmic/src` with a TTY. */
  readonly script: string;
  /**
   * The commit's tree as a tar stream (paths relative to the repository root); the engine puts it at
   * `/kozmic/src` through the Docker API (never a bind mount), owned by the step's user.
   */
  readonly source: () => Promise<NodeJS.ReadableStream>;
}

/**
 * A step's container, already started and waiting for its files: starting a container is the slowest
 * part of a step, so the core starts it while it still fetches the source. Remove it with
 * `removeContainer` if it is not used after all.
 */
export interface StartedContainer {
  readonly containerId: string;
  readonly image: string;
  /** Copies the script and the source in, which lets the script run. Call at most once. */
  run(script: string, source: () => Promise<NodeJS.ReadableStream>): Promise<RunningStep>;
}

export interface RunningStep {
  readonly containerId: string;
  /**
   * Resolves with the script's exit code once the container stops (also after `kill`), after all its
   * output was delivered. Rejects with EngineError, saying what happened, when something other than the
   * script or `kill` stopped the container (the engine stopping or crashing, a kill through the engine
   * from someone else, the out-of-memory killer), or when the container vanishes.
   */
  readonly exited: Promise<number>;
  /** Kills the container now. Idempotent; resolves once the kill was delivered. */
  kill(): Promise<void>;
}

export interface EngineImage {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

export interface EngineContainer {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly running: boolean;
}

/**
 * The container engine (a real Docker engine, or the scripted fake in tests and demo mode).
 * Used by the core's job workflow; every call may be made concurrently for different jobs. Failures
 * are thrown as `EngineError` with a message fit for the job log.
 */
export interface JobEngine extends EngineProbe {
  /**
   * The image's id, pulling it first when it is not present locally; pull progress is reported as
   * human-readable lines. Missing image or failed pull → EngineError `image`.
   */
  prepareImage(reference: string, onProgress: (line: string) => void, signal?: AbortSignal): Promise<string>;
  /** Whether the image defines this user (read from its /etc/passwd). */
  imageHasUser(imageId: string, user: string): Promise<boolean>;
  /** Creates and starts a container that waits for its script; output bytes (raw, ANSI kept) go to `onOutput`. */
  startContainer(spec: ContainerSpec, onOutput: (chunk: Buffer) => void): Promise<StartedContainer>;
  /** `startContainer` and `run` at once. */
  startStep(spec: StepSpec, onOutput: (chunk: Buffer) => void): Promise<RunningStep>;
  /** Commits a stopped container to a new image with these labels; returns the image id. */
  commit(containerId: string, labels: Readonly<Record<string, string>>): Promise<string>;
  /** Removes a container and its anonymous volumes. Idempotent (a missing container is fine). */
  removeContainer(containerId: string): Promise<void>;
  /** Images carrying every given label. */
  listImages(labels: Readonly<Record<string, string>>): Promise<readonly EngineImage[]>;
  /** Removes an image. Idempotent. */
  removeImage(imageId: string): Promise<void>;
  /** Containers (running or not) carrying every given label. */
  listContainers(labels: Readonly<Record<string, string>>): Promise<readonly EngineContainer[]>;
}

/** `image`: the image is missing or could not be pulled; `engine`: Docker failed or is unreachable. */
export class EngineError extends Error {
  readonly kind: 'image' | 'engine';

  constructor(kind: 'image' | 'engine', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.kind = kind;
  }
}
