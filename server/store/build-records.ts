// Making and reading build and job records: new ones, the derived build state, and the copies that
// leave the store (callers may never reach into stored objects).
import type {
  BuildProgress,
  BuildDto,
  BuildSummaryDto,
  CommitDto,
  HookDefinition,
  JobAttemptDto,
  JobDto,
} from '../contract/dto.js';
import type { BuildStateDeriver } from '../core/ports.js';
import { jobIdOf } from './ids.js';
import type { BuildRecord } from './records.js';
import { logFileOf } from './store-layout.js';

/** Only the definition fields, copied: a job's snapshot must not change when its hook is edited. */
export function definitionOf(source: HookDefinition): HookDefinition {
  return {
    title: source.title,
    image: source.image,
    installScript: source.installScript,
    buildScript: source.buildScript,
    trackedFiles: [...source.trackedFiles],
  };
}

export function queuedAttempt(
  job: Pick<JobDto, 'projectId' | 'buildNumber' | 'number'>,
  attempt: number,
  queuedAt: string,
): JobAttemptDto {
  return {
    attempt,
    status: 'queued',
    queuedAt,
    startedAt: null,
    finishedAt: null,
    exitCode: null,
    reason: null,
    cacheHit: null,
    cacheReason: null,
    cacheKeyInputs: null,
    cacheImageId: null,
    logFile: logFileOf(job.projectId, job.buildNumber, job.number, attempt),
  };
}

export interface NewJob {
  readonly projectId: string;
  readonly buildNumber: number;
  readonly number: number;
  readonly hookId: string;
  readonly definition: HookDefinition;
  readonly deliveryId: string | null;
  readonly queuedAt: string;
}

export function newJob(spec: NewJob): JobDto {
  return {
    id: jobIdOf(spec.projectId, spec.buildNumber, spec.number),
    projectId: spec.projectId,
    buildNumber: spec.buildNumber,
    number: spec.number,
    hookId: spec.hookId,
    definition: definitionOf(spec.definition),
    deliveryId: spec.deliveryId,
    attempts: [queuedAttempt(spec, 1, spec.queuedAt)],
  };
}

export function newBuildRecord(number: number, commit: CommitDto, createdAt: string): BuildRecord {
  return {
    number,
    commit: { ...commit },
    createdAt,
    status: 'pending',
    progress: 'queued',
    startedAt: null,
    finishedAt: null,
    jobs: [],
    deliveries: [],
  };
}

/** Recomputes the build's status and times from its jobs; called after every job change. */
export function rederiveBuild(build: BuildRecord, derive: BuildStateDeriver): void {
  const state = derive(build.jobs);
  build.status = state.status;
  build.progress = state.progress;
  build.startedAt = state.startedAt;
  build.finishedAt = state.finishedAt;
}

/** For builds written before progress was kept: an unfinished one is running once it started. */
function progressFromTimes(build: BuildRecord): BuildProgress {
  if (build.finishedAt !== null) return 'finished';
  return build.startedAt !== null ? 'running' : 'queued';
}

export function summaryOf(projectId: string, build: BuildRecord): BuildSummaryDto {
  return {
    projectId,
    number: build.number,
    status: build.status,
    progress: build.progress ?? progressFromTimes(build),
    ref: build.commit.ref,
    sha: build.commit.sha,
    message: build.commit.message,
    createdAt: build.createdAt,
    startedAt: build.startedAt,
    finishedAt: build.finishedAt,
  };
}

export function buildDtoOf(projectId: string, build: BuildRecord): BuildDto {
  return { ...summaryOf(projectId, build), commit: { ...build.commit }, jobs: structuredClone(build.jobs) };
}
