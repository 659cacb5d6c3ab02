import { describe, expect, it } from 'vitest';
import { WriteBatcher, type FrameScheduler } from './write-batcher.js';

function fakeFrames() {
  const queue = new Map<number, () => void>();
  let next = 1;
  const frames: FrameScheduler = {
    request: (callback) => (queue.set(next, callback), next++),
    cancel: (handle) => queue.delete(handle),
  };
  const tick = () => {
    const due = [...queue.values()];
    queue.clear();
    due.forEach((callback) => callback());
  };
  return { frames, tick, pending: () => queue.size };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('WriteBatcher', () => {
  it('writes everything pushed within a frame as one write, and waits for the terminal', () => {
    const { frames, tick } = fakeFrames();
    const writes: string[] = [];
    const done: (() => void)[] = [];
    const batcher = new WriteBatcher(
      {
        write: (data, callback) => (writes.push(text(data)), done.push(callback)),
        writeNote: () => undefined,
        reset: () => undefined,
      },
      { frames },
    );
    batcher.push('a');
    batcher.push(new TextEncoder().encode('b'));
    tick();
    expect(writes).toEqual(['ab']);
    batcher.push('c');
    tick();
    expect(writes).toEqual(['ab']); // the first write has not been parsed yet
    done.shift()!();
    tick();
    expect(writes).toEqual(['ab', 'c']);
  });

  it('bounds what waits, saying how much was skipped', () => {
    const { frames, tick } = fakeFrames();
    const writes: string[] = [];
    const batcher = new WriteBatcher(
      {
        write: (data, callback) => (writes.push(text(data)), callback()),
        writeNote: (data, callback) => (writes.push(text(data)), callback()),
        reset: () => undefined,
      },
      { frames, maxPendingBytes: 4 },
    );
    for (const part of ['11', '22', '33']) batcher.push(part);
    tick();
    expect(writes[0]).toContain('1 KB of output skipped');
    expect(writes.slice(1)).toEqual(['2233']);
  });

  it('writes each note on its own, between joined runs of output, and waits for the last', () => {
    const { frames, tick } = fakeFrames();
    const writes: string[] = [];
    const done: (() => void)[] = [];
    const batcher = new WriteBatcher(
      {
        write: (data, callback) => (writes.push(`out:${text(data)}`), done.push(callback)),
        writeNote: (data, callback) => (writes.push(`note:${text(data)}`), done.push(callback)),
        reset: () => undefined,
      },
      { frames },
    );
    batcher.push('a');
    batcher.push('b');
    batcher.push('» Job passed', true);
    batcher.push('c');
    tick();
    expect(writes).toEqual(['out:ab', 'note:» Job passed', 'out:c']);
    batcher.push('d');
    done.shift()!();
    done.shift()!();
    tick();
    expect(writes).toHaveLength(3); // still parsing the batch's last write
    done.shift()!();
    tick();
    expect(writes.at(-1)).toBe('out:d');
  });

  it('writes nothing once disposed', () => {
    const { frames, tick, pending } = fakeFrames();
    const writes: string[] = [];
    const batcher = new WriteBatcher(
      { write: (data) => writes.push(text(data)), writeNote: () => undefined, reset: () => undefined },
      { frames },
    );
    batcher.push('x');
    batcher.dispose();
    expect(pending()).toBe(0);
    tick();
    batcher.push('y');
    tick();
    expect(writes).toEqual([]);
  });
});

describe('WriteBatcher.reset', () => {
  it('empties the terminal only after the write being parsed, then writes what came next', () => {
    const { frames, tick } = fakeFrames();
    const log: string[] = [];
    const done: (() => void)[] = [];
    const batcher = new WriteBatcher(
      {
        write: (data, callback) => (log.push(`write ${text(data)}`), done.push(callback)),
        writeNote: () => undefined,
        reset: () => log.push('reset'),
      },
      { frames },
    );
    batcher.push('old');
    tick();
    batcher.push('dropped');
    batcher.reset();
    batcher.push('new');
    tick();
    expect(log).toEqual(['write old']);
    done.shift()!();
    tick();
    expect(log).toEqual(['write old', 'reset', 'write new']);
    batcher.reset();
    expect(log.at(-1)).toBe('write new');
    done.shift()!();
    expect(log.at(-1)).toBe('reset');
  });
});
