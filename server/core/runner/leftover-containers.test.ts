import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContainerSpec, JobEngine } from '../ports.js';
import { LeftoverContainers } from './leftover-containers.js';
import { createFakeEngine } from '../../../test/fixtures/runner-harness.js';

const mine = { 'dev.kozmic.managed': 'true', 'dev.kozmic.instance': 'me' };
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

async function setUp(running: ReadonlySet<string> = new Set()) {
  const fake = createFakeEngine({ images: ['img'] });
  const image = [...fake.images.keys()][0]!;
  const container = async (labels: Record<string, string>) => {
    const spec: ContainerSpec = {
      image,
      env: {},
      user: null,
      limits: { memoryBytes: 0, nanoCpus: 0, pidsLimit: 0 },
      labels,
    };
    return (await fake.startContainer(spec, () => undefined)).containerId;
  };
  // The fake keeps no state of its own about being down: this one refuses calls while it is.
  let down = false;
  const engine: JobEngine = Object.assign(Object.create(fake) as JobEngine, {
    probe: () => (down ? Promise.resolve({ ...fakeDown }) : fake.probe()),
    listContainers: (labels: Readonly<Record<string, string>>) =>
      down ? Promise.reject(new Error('no engine')) : fake.listContainers(labels),
    removeContainer: (id: string) =>
      down ? Promise.reject(new Error('no engine')) : fake.removeContainer(id),
  });
  const leftovers = new LeftoverContainers({ engine, instanceLabels: mine, runningJobs: () => running, log });
  return { fake, container, leftovers, setDown: (value: boolean) => (down = value) };
}

const fakeDown = { reachable: false, endpoint: 'fake://', version: null, apiVersion: null, problem: 'down' };

afterEach(() => vi.useRealTimers());

describe('LeftoverContainers', () => {
  it("removes this instance's containers of jobs not running, and nothing else", async () => {
    const { fake, container, leftovers } = await setUp(new Set(['p.2.1']));
    const left = await container({ ...mine, 'dev.kozmic.job': 'p.1.1' });
    const inUse = await container({ ...mine, 'dev.kozmic.job': 'p.2.1' });
    const another = await container({
      'dev.kozmic.managed': 'true',
      'dev.kozmic.instance': 'other',
      'dev.kozmic.job': 'p.1.1',
    });
    expect(await leftovers.sweep()).toBe(1);
    expect([...fake.containers.keys()].sort()).toEqual([inUse, another].sort());
    expect(fake.containers.has(left)).toBe(false);
  });

  it('asks the engine again with backoff while it is down, and sweeps once it answers', async () => {
    vi.useFakeTimers();
    const { fake, container, leftovers, setDown } = await setUp();
    const left = await container({ ...mine, 'dev.kozmic.job': 'p.1.1' });
    setDown(true);
    leftovers.expect();
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
    expect(fake.containers.has(left)).toBe(true);
    setDown(false);
    await vi.advanceTimersByTimeAsync(7999);
    expect(fake.containers.has(left)).toBe(true); // the next try is 8 s after the last
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.containers.has(left)).toBe(false);
    leftovers.close();
  });

  it('stops asking once closed', async () => {
    vi.useFakeTimers();
    const { fake, container, leftovers } = await setUp();
    const left = await container({ ...mine, 'dev.kozmic.job': 'p.1.1' });
    leftovers.expect();
    leftovers.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.containers.has(left)).toBe(true);
  });
});
