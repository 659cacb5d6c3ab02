// Build history, sharded by build number (see store-layout.ts). Shards load on demand through a
// bounded cache, migrate when loaded, and a damaged one fails the operations that need it without
// ever being overwritten.
import { Low } from 'lowdb';
import { DocumentCache, type Lease } from './document-cache.js';
import { currentVersionOf, decodeDocument, type DocumentKind } from './document-codec.js';
import { shardSchema, validatorOf } from './document-schemas.js';
import { corruptFileError } from './file-errors.js';
import { JsonFileAdapter } from './json-file-adapter.js';
import { shardMigrations } from './migrations.js';
import type { BuildRecord, ShardDocument } from './records.js';
import { BUILDS_PER_SHARD, projectHistoryDir, shardFile, shardOfBuild } from './store-layout.js';

const shardKind: DocumentKind<ShardDocument> = {
  versionField: 'version',
  migrations: shardMigrations,
  validate: validatorOf(shardSchema),
  advice:
    'Restore it from a backup, or move it out of the data folder (the builds it held will then be ' +
    'missing from the history).',
};

export const SHARD_VERSION = currentVersionOf(shardKind);

/** Shards kept in memory; each holds up to 100 builds. */
const CACHED_SHARDS = 32;

export class BuildShards {
  readonly #dir: string;
  readonly #cache = new DocumentCache<ShardDocument>(CACHED_SHARDS);

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** The shard that holds (or will hold) `buildNumber`; pinned to `lease` when one is given. */
  shardFor(projectId: string, buildNumber: number, lease?: Lease): Promise<Low<ShardDocument>> {
    const shard = shardOfBuild(buildNumber);
    const file = shardFile(this.#dir, projectId, shard);
    return this.#cache.get(file, () => new Low(shardAdapter(file, shard), emptyShard(shard)), lease);
  }

  async find(projectId: string, buildNumber: number, lease?: Lease): Promise<BuildRecord | null> {
    return buildIn((await this.shardFor(projectId, buildNumber, lease)).data, buildNumber);
  }

  /** Writes a shard; on failure forgets it so the next use reloads what is really on disk. */
  async save(projectId: string, document: Low<ShardDocument>): Promise<void> {
    try {
      await document.write();
    } catch (error) {
      this.#cache.discard(shardFile(this.#dir, projectId, document.data.shard));
      throw error;
    }
  }

  forgetProject(projectId: string): void {
    this.#cache.discardUnder(projectHistoryDir(this.#dir, projectId));
  }
}

export function emptyShard(shard: number): ShardDocument {
  return { version: SHARD_VERSION, shard, builds: [] };
}

export function buildIn(shard: ShardDocument, buildNumber: number): BuildRecord | null {
  // Builds are contiguous in the common case, so look where the number says first.
  const guess = shard.builds[(buildNumber - 1) % BUILDS_PER_SHARD];
  if (guess?.number === buildNumber) return guess;
  return shard.builds.find((build) => build.number === buildNumber) ?? null;
}

/** Adds or replaces a build, keeping the shard in build-number order. */
export function putBuild(shard: ShardDocument, build: BuildRecord): void {
  const at = shard.builds.findIndex((existing) => existing.number >= build.number);
  if (at === -1) shard.builds.push(build);
  else if (shard.builds[at]!.number === build.number) shard.builds[at] = build;
  else shard.builds.splice(at, 0, build);
}

/** Writes a whole shard, for tools that prepare a data folder (the benchmark's seeding). */
export async function writeShardDocument(
  dir: string,
  projectId: string,
  document: ShardDocument,
): Promise<void> {
  const file = shardFile(dir, projectId, document.shard);
  await shardAdapter(file, document.shard).write(document);
}

function shardAdapter(file: string, shard: number): JsonFileAdapter<ShardDocument> {
  return new JsonFileAdapter(file, {
    decode: (text) => {
      const document = decodeDocument(shardKind, file, text).value;
      const first = shard * BUILDS_PER_SHARD + 1;
      const stray = document.builds.find((b) => b.number < first || b.number >= first + BUILDS_PER_SHARD);
      if (document.shard !== shard || stray) {
        throw corruptFileError(file, `it holds builds that belong in another shard`, shardKind.advice);
      }
      return document;
    },
  });
}
