import { Low, Memory } from 'lowdb';
import { describe, expect, it } from 'vitest';
import { DocumentCache, Lease } from './document-cache.js';
import { corruptFileError } from './file-errors.js';

/** A document whose read counts, so a test can tell a cache hit from a reload. */
function counting(reads: Map<string, number>, file: string, fail?: Error): () => Low<{ file: string }> {
  return () => {
    const adapter = new Memory<{ file: string }>();
    adapter.read = async () => {
      reads.set(file, (reads.get(file) ?? 0) + 1);
      if (fail) throw fail;
      return { file };
    };
    return new Low(adapter, { file: '' });
  };
}

describe('DocumentCache', () => {
  it('loads each file once while cached and evicts the least recently used beyond its limit', async () => {
    const reads = new Map<string, number>();
    const cache = new DocumentCache<{ file: string }>(2);
    const get = (file: string) => cache.get(file, counting(reads, file));
    expect((await get('a')).data.file).toBe('a');
    await get('b');
    await get('a');
    await get('c'); // evicts b, the least recently used
    expect(cache.size).toBe(2);
    await get('a');
    await get('b');
    expect(Object.fromEntries(reads)).toEqual({ a: 1, b: 2, c: 1 });
  });

  it('never evicts a document pinned by a lease, and shares one instance per file', async () => {
    const reads = new Map<string, number>();
    const cache = new DocumentCache<{ file: string }>(1);
    const lease = new Lease();
    const pinned = await cache.get('a', counting(reads, 'a'), lease);
    await cache.get('b', counting(reads, 'b'));
    await cache.get('c', counting(reads, 'c'));
    expect(await cache.get('a', counting(reads, 'a'))).toBe(pinned);
    lease.release();
    await cache.get('d', counting(reads, 'd'));
    await cache.get('a', counting(reads, 'a'));
    expect(reads.get('a')).toBe(2);
  });

  it('remembers a file found damaged and refuses it from then on; read failures may be retried', async () => {
    const reads = new Map<string, number>();
    const cache = new DocumentCache<{ file: string }>(4);
    const damaged = corruptFileError('bad', 'damaged', 'Move it away.');
    await expect(cache.get('bad', counting(reads, 'bad', damaged))).rejects.toBe(damaged);
    await expect(cache.get('bad', counting(reads, 'bad'))).rejects.toBe(damaged);
    expect(reads.get('bad')).toBe(1);
    await expect(cache.get('flaky', counting(reads, 'flaky', new Error('EMFILE')))).rejects.toThrow('EMFILE');
    expect((await cache.get('flaky', counting(reads, 'flaky'))).data.file).toBe('flaky');
  });

  it('forgets everything under a folder, damaged files included', async () => {
    const reads = new Map<string, number>();
    const cache = new DocumentCache<{ file: string }>(8);
    await cache.get('/p/a', counting(reads, '/p/a'));
    await cache
      .get('/p/b', counting(reads, '/p/b', corruptFileError('/p/b', 'damaged', 'Move it away.')))
      .catch(() => undefined);
    await cache.get('/q/a', counting(reads, '/q/a'));
    cache.discardUnder('/p/');
    await cache.get('/p/b', counting(reads, '/p/b'));
    await cache.get('/p/a', counting(reads, '/p/a'));
    await cache.get('/q/a', counting(reads, '/q/a'));
    expect(Object.fromEntries(reads)).toEqual({ '/p/a': 2, '/p/b': 2, '/q/a': 1 });
  });
});
