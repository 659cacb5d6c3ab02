import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedMutex', () => {
  it('runs operations on one key one at a time, in call order, and other keys alongside', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const operation = (key: string, name: string) => async () => {
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      mutex.run('a', operation('a', 'a1')),
      mutex.run('a', operation('a', 'a2')),
      mutex.run('b', operation('b', 'b1')),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(events.indexOf('end a1')).toBeLessThan(events.indexOf('start a2'));
    expect(events.indexOf('start b1')).toBeLessThan(events.indexOf('end a1'));
  });

  it('keeps going after a failed operation and drains everything queued', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('a', async () => {
      throw new Error('boom');
    });
    let ran = false;
    const next = mutex.run('a', async () => {
      await tick();
      ran = true;
    });
    await expect(failed).rejects.toThrow('boom');
    await mutex.drain();
    expect(ran).toBe(true);
    await next;
  });
});
