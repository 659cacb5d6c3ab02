// A scripted JobEngine for scheduler tests and demo mode: no containers, but the same contract.
// Scripts are read line by line: `echo <text>`, `sleep <seconds>`, `exit <code>`; other lines are
// echoed as `+ <line>`. Images listed in `images` exist; others fail to pull like a missing image.
import { randomBytes } from 'node:crypto';
import type { DockerStatusDto } from '../../contract/dto.js';
import {
  EngineError,
  type ContainerSpec,
  type StartedContainer,
  type EngineContainer,
  type EngineImage,
  type JobEngine,
  type RunningStep,
  type StepSpec,
} from '../../core/ports.js';

interface FakeContainer {
  readonly id: string;
  spec: StepSpec;
  running: boolean;
  killed: boolean;
}

export interface FakeEngineOptions {
  /** Image references that exist; anything else is "not found". */
  readonly images: readonly string[];
  /** Users each image defines (by reference), for `imageHasUser`. */
  readonly users?: Readonly<Record<string, readonly string[]>>;
  /** Milliseconds a `sleep 1` really takes; tests shrink time with this. */
  readonly secondMs?: number;
}

export class FakeEngine implements JobEngine {
  readonly containers = new Map<string, FakeContainer>();
  /** Every step started, in order (containers are removed after their job; this stays). */
  readonly started: StepSpec[] = [];
  readonly images = new Map<string, EngineImage & { readonly reference: string | null }>();
  readonly #users: Readonly<Record<string, readonly string[]>>;
  readonly #secondMs: number;
  reachable = true;

  constructor(options: FakeEngineOptions) {
    for (const reference of options.images) {
      const id = fakeId();
      this.images.set(id, { id, labels: {}, createdAt: new Date().toISOString(), reference });
    }
    this.#users = options.users ?? {};
    this.#secondMs = options.secondMs ?? 1000;
  }

  async probe(): Promise<DockerStatusDto> {
    return this.reachable
      ? { reachable: true, endpoint: 'fake://', version: 'fake', apiVersion: 'fake', problem: null }
      : {
          reachable: false,
          endpoint: 'fake://',
          version: null,
          apiVersion: null,
          problem: 'The fake engine is down.',
        };
  }

  async prepareImage(reference: string, onProgress: (line: string) => void): Promise<string> {
    this.#checkReachable();
    const image = [...this.images.values()].find((i) => i.reference === reference);
    if (!image) throw new EngineError('image', `Image "${reference}" was not found. Check its name and tag.`);
    onProgress(`Using image ${reference}`);
    return image.id;
  }

  async imageHasUser(imageId: string, user: string): Promise<boolean> {
    const reference = this.images.get(imageId)?.reference;
    return reference ? (this.#users[reference] ?? []).includes(user) : false;
  }

  async startContainer(spec: ContainerSpec, onOutput: (chunk: Buffer) => void): Promise<StartedContainer> {
    this.#checkReachable();
    if (!this.images.has(spec.image)) throw new EngineError('engine', `No such image: ${spec.image}`);
    const container: FakeContainer = {
      id: fakeId(),
      spec: { ...spec, script: '', source: noSource },
      running: true,
      killed: false,
    };
    this.containers.set(container.id, container);
    const id = container.id;
    return {
      containerId: id,
      image: spec.image,
      run: async (script, source) => {
        const full: StepSpec = { ...spec, script, source };
        container.spec = full;
        this.started.push(full);
        const exited = this.#interpret(container, onOutput).finally(() => {
          container.running = false;
        });
        return {
          containerId: id,
          exited,
          kill: async () => {
            container.killed = true;
          },
        };
      },
    };
  }

  async startStep(spec: StepSpec, onOutput: (chunk: Buffer) => void): Promise<RunningStep> {
    return (await this.startContainer(spec, onOutput)).run(spec.script, spec.source);
  }

  async commit(containerId: string, labels: Readonly<Record<string, string>>): Promise<string> {
    if (!this.containers.has(containerId))
      throw new EngineError('engine', `No such container: ${containerId}`);
    const id = fakeId();
    this.images.set(id, { id, labels: { ...labels }, createdAt: new Date().toISOString(), reference: null });
    return id;
  }

  async removeContainer(containerId: string): Promise<void> {
    this.containers.delete(containerId);
  }

  async listImages(labels: Readonly<Record<string, string>>): Promise<readonly EngineImage[]> {
    return [...this.images.values()].filter((image) => hasLabels(image.labels, labels));
  }

  async removeImage(imageId: string): Promise<void> {
    this.images.delete(imageId);
  }

  async listContainers(labels: Readonly<Record<string, string>>): Promise<readonly EngineContainer[]> {
    return [...this.containers.values()]
      .filter((c) => hasLabels(c.spec.labels, labels))
      .map((c) => ({ id: c.id, labels: c.spec.labels, running: c.running }));
  }

  async #interpret(container: FakeContainer, onOutput: (chunk: Buffer) => void): Promise<number> {
    for (const line of container.spec.script.split('\n')) {
      if (container.killed) return 137;
      const [command, ...rest] = line.trim().split(' ');
      const argument = rest.join(' ');
      if (!command || command.startsWith('#')) continue;
      if (command === 'echo') onOutput(Buffer.from(`${argument}\r\n`));
      else if (command === 'exit') return Number(argument) || 0;
      else if (command === 'sleep') await this.#sleep(container, Number(argument) * this.#secondMs);
      else onOutput(Buffer.from(`+ ${line.trim()}\r\n`));
    }
    return container.killed ? 137 : 0;
  }

  async #sleep(container: FakeContainer, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && !container.killed) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(10, until - Date.now())));
    }
  }

  #checkReachable(): void {
    if (!this.reachable) throw new EngineError('engine', 'No Docker engine answers (fake engine is down).');
  }
}

function hasLabels(have: Readonly<Record<string, string>>, want: Readonly<Record<string, string>>): boolean {
  return Object.entries(want).every(([key, value]) => have[key] === value);
}

const noSource = async (): Promise<NodeJS.ReadableStream> => {
  throw new Error('this fake container was never given a source');
};

function fakeId(): string {
  return `sha256:${randomBytes(32).toString('hex')}`;
}
