// Identifiers the store hands out and the job id format `<projectId>.<buildNumber>.<jobNumber>`.
import { randomBytes } from 'node:crypto';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERICS = `${LETTERS}0123456789`;

/**
 * Random lowercase alphanumerics starting with a letter: no dots (job ids split on them) and never
 * integer-like, so JSON objects keyed by these ids keep their insertion order.
 */
export function newRandomId(length = 12): string {
  const bytes = randomBytes(length);
  let id = LETTERS[bytes[0]! % LETTERS.length]!;
  for (let i = 1; i < length; i++) id += ALPHANUMERICS[bytes[i]! % ALPHANUMERICS.length]!;
  return id;
}

export interface JobAddress {
  readonly projectId: string;
  readonly buildNumber: number;
  readonly jobNumber: number;
}

export function jobIdOf(projectId: string, buildNumber: number, jobNumber: number): string {
  return `${projectId}.${buildNumber}.${jobNumber}`;
}

/** Null for anything that is not a well-formed job id, so lookups of garbage are plain misses. */
export function parseJobId(jobId: string): JobAddress | null {
  const match = /^([a-z0-9]+)\.([1-9][0-9]{0,14})\.([1-9][0-9]{0,14})$/.exec(jobId);
  if (!match) return null;
  return { projectId: match[1]!, buildNumber: Number(match[2]), jobNumber: Number(match[3]) };
}
