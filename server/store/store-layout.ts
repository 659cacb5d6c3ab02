// Where each piece of persistent state lives under the data folder. Every path the store touches is
// named here, so the on-disk layout can be read in one place:
//
//   state.json                                 settings, accounts, projects, hooks, counters, unfinished jobs;
//                                              commit statuses waiting and accepted, members, sessions,
//                                              each hook's catch-up mark
//   history/<projectId>/builds-<k>.json        builds k*100+1 … (k+1)*100 with their jobs and deliveries
//   history/<projectId>/index/refs-<xx>.json   (ref, sha) → build number, 256 buckets by hash
//   history/<projectId>/index/deliveries-<xx>.json   delivery id → build number, likewise
//   history/<projectId>/deliveries/<id>.json   a delivery's raw payload (its first 256 KB), written once
//
// Every file is written whole to `.<name>.tmp` and renamed over the old one (steno), so a leftover
// `.*.tmp` is an interrupted write and is never read.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Builds per history shard: a shard write costs the same at build 100 and at build 100,000. */
export const BUILDS_PER_SHARD = 100;

/** Dedupe index buckets per project and kind: small files, so one insert never rewrites a big index. */
export const INDEX_BUCKETS = 256;

export type IndexKind = 'refs' | 'deliveries';

export function stateFile(dir: string): string {
  return join(dir, 'state.json');
}

export function historyRoot(dir: string): string {
  return join(dir, 'history');
}

export function projectHistoryDir(dir: string, projectId: string): string {
  return join(historyRoot(dir), projectId);
}

/**
 * Written into a project's history folder before state.json forgets the project, so a folder left by
 * an interrupted deletion can be told apart from one whose state.json went missing.
 */
export function deletionMarkerFile(dir: string, projectId: string): string {
  return join(projectHistoryDir(dir, projectId), '.deleting');
}

/** Shard k holds builds k*100+1 … (k+1)*100. */
export function shardOfBuild(buildNumber: number): number {
  return Math.floor((buildNumber - 1) / BUILDS_PER_SHARD);
}

export function shardFile(dir: string, projectId: string, shard: number): string {
  return join(projectHistoryDir(dir, projectId), `builds-${shard}.json`);
}

export function indexBucketFile(dir: string, projectId: string, kind: IndexKind, bucket: number): string {
  const name = `${kind}-${bucket.toString(16).padStart(2, '0')}.json`;
  return join(projectHistoryDir(dir, projectId), 'index', name);
}

export function deliveryPayloadFile(dir: string, projectId: string, deliveryId: string): string {
  return join(projectHistoryDir(dir, projectId), 'deliveries', `${fileNameFor(deliveryId)}.json`);
}

/** The log file a job attempt writes to, relative to the data folder; the store only names it. */
export function logFileOf(
  projectId: string,
  buildNumber: number,
  jobNumber: number,
  attempt: number,
): string {
  return `logs/${projectId}/${buildNumber}/${jobNumber}-${attempt}.log`;
}

/**
 * A delivery id as a file name. GitHub's GUIDs pass through unchanged; anything else (upper case, which
 * collides on case-insensitive disks, separators, odd lengths) gets a hash suffix so two ids never share
 * a file and no id can escape the folder.
 */
function fileNameFor(id: string): string {
  if (/^[a-z0-9_-]{1,100}$/.test(id)) return id;
  const readable = id.replace(/[^a-z0-9_-]/g, '_').slice(0, 60);
  return `${readable}~${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}
