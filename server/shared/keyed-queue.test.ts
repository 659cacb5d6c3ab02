import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedQueue', () => {
  it('runs operations on one key one at a time, in call order, and other keys alongside', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const operation = (key: string, name: string) => async () => {
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      queue.run('a', operation('a', 'a1')),
      queue.run('a', operation('a', 'a2')),
      queue.run('b', operation('b', 'b1')),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(events.indexOf('end a1')).toBeLessThan(events.indexOf('start a2'));
    expect(events.indexOf('start b1')).toBeLessThan(events.indexOf('end a1'));
  });

  it('runs the next task after a failed one (the failure reaches only its caller) and drains everything queued', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    let ran = false;
    const next = queue.run('a', async () => {
      await tick();
      ran = true;
    });
    await expect(failed).rejects.toThrow('boom');
    await queue.drain();
    expect(ran).toBe(true);
    await next;
  });
});
