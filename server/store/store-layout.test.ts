import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobIdOf, newRandomId, parseJobId } from './ids.js';
import { deliveryPayloadFile, indexBucketFile, logFileOf, shardFile, shardOfBuild } from './store-layout.js';

describe('store layout', () => {
  it('puts builds 1-100 in shard 0 and 101 in shard 1', () => {
    expect([1, 100, 101, 200, 201].map(shardOfBuild)).toEqual([0, 0, 1, 1, 2]);
    expect(shardFile('/d', 'p', 1)).toBe(join('/d', 'history', 'p', 'builds-1.json'));
    expect(indexBucketFile('/d', 'p', 'refs', 10)).toBe(join('/d', 'history', 'p', 'index', 'refs-0a.json'));
    expect(logFileOf('p', 3, 2, 1)).toBe('logs/p/3/2-1.log');
  });

  it('turns any delivery id into a distinct file name inside the deliveries folder', () => {
    const folder = join('/d', 'history', 'p', 'deliveries');
    const guid = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
    expect(deliveryPayloadFile('/d', 'p', guid)).toBe(join(folder, `${guid}.json`));
    const odd = ['../../etc/passwd', 'ABC', 'abc/', 'a'.repeat(300), ''];
    const names = odd.map((id) => deliveryPayloadFile('/d', 'p', id));
    for (const name of names) expect(name.startsWith(folder + '/')).toBe(true);
    for (const name of names) expect(name.slice(folder.length + 1)).not.toContain('/');
    expect(new Set([...names, deliveryPayloadFile('/d', 'p', 'abc')]).size).toBe(names.length + 1);
  });
});

describe('ids', () => {
  it('makes dot-free lowercase ids that never look like numbers', () => {
    for (let i = 0; i < 200; i++) expect(newRandomId()).toMatch(/^[a-z][a-z0-9]{11}$/);
  });

  it('formats and parses job ids, rejecting anything malformed', () => {
    expect(jobIdOf('abc1', 12, 3)).toBe('abc1.12.3');
    expect(parseJobId('abc1.12.3')).toEqual({ projectId: 'abc1', buildNumber: 12, jobNumber: 3 });
    for (const bad of ['abc1.12', 'abc1.0.1', 'abc1.1.01', 'ab.c.1.1', 'ABC.1.1', 'abc1.1.1.1', '']) {
      expect(parseJobId(bad)).toBeNull();
    }
  });
});
