// Dedupe indexes: (ref, sha) → build number and delivery id → build number, split by hash into small
// bucket files loaded on demand, so an insert rewrites a few kilobytes whatever the history's size.
// Entries are hints: they are written before the shard they point into, and whoever reads one checks
// the build in the shard (see history-lookup.ts), so a crash in between only leaves a harmless miss.
import { createHash } from 'node:crypto';
import { Low } from 'lowdb';
import { DocumentCache, type Lease } from './document-cache.js';
import { currentVersionOf, decodeDocument, type DocumentKind } from './document-codec.js';
import { JsonFileAdapter } from './json-file-adapter.js';
import { indexMigrations } from './migrations.js';
import type { IndexBucketDocument } from './records.js';
import { INDEX_BUCKETS, indexBucketFile, projectHistoryDir, type IndexKind } from './store-layout.js';

const indexKind: DocumentKind<IndexBucketDocument> = {
  versionField: 'version',
  migrations: indexMigrations,
  validate: (document) => {
    const entries = (document as { entries?: unknown }).entries;
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
      return { ok: false, problem: 'entries: expected an object' };
    }
    for (const [key, value] of Object.entries(entries)) {
      if (!Number.isInteger(value) || (value as number) < 1) {
        return { ok: false, problem: `entries.${key}: expected a build number` };
      }
    }
    return { ok: true, value: document as IndexBucketDocument };
  },
  advice:
    'Move it out of the data folder: Kozmic will then treat the commits and deliveries it indexed as ' +
    'new ones if they arrive again.',
};

export const INDEX_VERSION = currentVersionOf(indexKind);

/** Buckets kept in memory. */
const CACHED_BUCKETS = 128;

export function refKey(ref: string, sha: string): string {
  // A sha never contains ':', so the key cannot be ambiguous (and can never be `__proto__`).
  return `${sha}:${ref}`;
}

export function bucketOf(key: string): number {
  return createHash('sha1').update(key).digest()[0]! % INDEX_BUCKETS;
}

export class DedupeIndex {
  readonly #dir: string;
  readonly #cache = new DocumentCache<IndexBucketDocument>(CACHED_BUCKETS);

  constructor(dir: string) {
    this.#dir = dir;
  }

  async lookup(projectId: string, kind: IndexKind, key: string, lease?: Lease): Promise<number | null> {
    const { entries } = (await this.#bucket(projectId, kind, key, lease)).data;
    return Object.hasOwn(entries, key) ? entries[key]! : null;
  }

  async record(
    projectId: string,
    kind: IndexKind,
    key: string,
    buildNumber: number,
    lease: Lease,
  ): Promise<void> {
    const bucket = await this.#bucket(projectId, kind, key, lease);
    if (Object.hasOwn(bucket.data.entries, key) && bucket.data.entries[key] === buildNumber) return;
    setEntry(bucket.data.entries, key, buildNumber);
    await bucket.write();
  }

  forgetProject(projectId: string): void {
    this.#cache.discardUnder(projectHistoryDir(this.#dir, projectId));
  }

  #bucket(projectId: string, kind: IndexKind, key: string, lease?: Lease): Promise<Low<IndexBucketDocument>> {
    const file = indexBucketFile(this.#dir, projectId, kind, bucketOf(key));
    return this.#cache.get(file, () => new Low(bucketAdapter(file), emptyBucket()), lease);
  }
}

/** Keys come from outside (delivery ids): define rather than assign, so `__proto__` is just a key. */
export function setEntry(entries: Record<string, number>, key: string, buildNumber: number): void {
  Object.defineProperty(entries, key, {
    value: buildNumber,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export function emptyBucket(): IndexBucketDocument {
  return { version: INDEX_VERSION, entries: {} };
}

/** Writes a whole bucket, for tools that prepare a data folder (the benchmark's seeding). */
export async function writeIndexBucket(
  dir: string,
  projectId: string,
  kind: IndexKind,
  bucket: number,
  document: IndexBucketDocument,
): Promise<void> {
  await bucketAdapter(indexBucketFile(dir, projectId, kind, bucket)).write(document);
}

function bucketAdapter(file: string): JsonFileAdapter<IndexBucketDocument> {
  return new JsonFileAdapter(file, { decode: (text) => decodeDocument(indexKind, file, text).value });
}
