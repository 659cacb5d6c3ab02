// The shapes the store keeps on disk, in their current version. DTOs are reused where the stored form
// is the same as the form handed out; reads always hand out copies.
import type {
  AccountDto,
  BuildProgress,
  BuildStatus,
  CommitDto,
  HookDto,
  JobDto,
  ProjectDto,
  SettingsPatch,
} from '../contract/dto.js';

export interface HookRecord extends HookDto {
  /** Set by a soft delete: the definition stays so the hook's jobs remain readable. */
  readonly deletedAt: string | null;
}

export interface ProjectCounter {
  /** Highest build number on disk; a hint repaired from the shards at open (see history-repair.ts). */
  lastBuildNumber: number;
}

import type { DeliveryMark, MemberRecord, OwnerAccess, PendingCommitStatus, SessionRecord } from '../core/ports.js';

/** state.json: everything small. Records are keyed by id (accounts by GitHub numeric id). */
export interface StateDocument {
  schemaVersion: number;
  settings: SettingsPatch;
  accounts: Record<string, AccountDto>;
  projects: Record<string, ProjectDto>;
  hooks: Record<string, HookRecord>;
  counters: Record<string, ProjectCounter>;
  /** Ids of jobs that may be queued or running: a superset, checked against history when read. */
  unfinishedJobs: string[];
  /** Commit statuses not yet accepted by GitHub, by build (absent in files written before they were kept). */
  pendingStatuses?: Record<string, PendingCommitStatus>;
  /**
   * The last status GitHub accepted per `<project>/<sha>/<context>`, as `<state>|<description>`, oldest
   * first and bounded, so a restart never posts one again (absent in files written before they were kept).
   */
  acceptedStatuses?: Record<string, string>;
  /** Each project's people and roles from GitHub (absent in files written before team mode). */
  members?: Record<string, { members: MemberRecord[]; syncedAt: string | null; ownerAccess?: OwnerAccess }>;
  /** GitHub id of the account the host signed in with (absent before team mode). */
  hostAccountId?: number | null;
  /** Per hook, the newest delivery GitHub kept that catch-up has looked at (absent before catch-up). */
  deliveryMarks?: Record<string, DeliveryMark>;
  /** Team-server sessions by the SHA-256 of their token (absent before team mode). */
  sessions?: Record<string, SessionRecord>;
}

/** What a delivery left in history; its raw payload lives in its own file. */
export interface DeliveryRecord {
  readonly id: string;
  readonly event: string;
  readonly receivedAt: string;
  readonly hookId: string;
}

export interface BuildRecord {
  readonly number: number;
  readonly commit: CommitDto;
  readonly createdAt: string;
  /** Derived from the jobs by the injected BuildStateDeriver after every job change. */
  status: BuildStatus;
  /** Absent in history written before it was kept: read as what the times say (see summaryOf). */
  progress?: BuildProgress;
  startedAt: string | null;
  finishedAt: string | null;
  jobs: JobDto[];
  deliveries: DeliveryRecord[];
}

/** history/<projectId>/builds-<k>.json: builds k*100+1 … (k+1)*100, ascending. */
export interface ShardDocument {
  version: number;
  shard: number;
  builds: BuildRecord[];
}

/** history/<projectId>/index/<kind>-<xx>.json: key → build number. Hints only, verified on use. */
export interface IndexBucketDocument {
  version: number;
  entries: Record<string, number>;
}
