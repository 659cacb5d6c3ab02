// Where a log and its index live. Log names come from the store (`logs/<project>/<build>/<job>-<attempt>.log`)
// and prefixes from deletions, so every one is resolved under the root and refused if it would leave it:
// a bad name must never truncate, read or delete a file outside the logs.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CoreError } from '../core/ports.js';

export interface LogPaths {
  /** The raw bytes, exactly as shown. */
  readonly log: string;
  /** Where each chunk ends in the log (see log-index.ts). */
  readonly index: string;
}

/** A path under `root` named by `name`, or a CoreError when it is absolute or climbs out. */
export function resolveInside(root: string, name: string): string {
  if (typeof name !== 'string' || name === '' || name.includes('\0') || isAbsolute(name)) {
    throw outside(name);
  }
  const full = resolve(root, name);
  const rel = relative(resolve(root), full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw outside(name);
  return full;
}

/** The files of one log. Only `.log` names are accepted, so no call can touch the store's own files. */
export function logPathsOf(root: string, logFile: string): LogPaths {
  if (typeof logFile !== 'string' || !logFile.endsWith('.log')) {
    throw new CoreError(
      'invalid_arguments',
      `"${String(logFile)}" is not a log file name (it must end in .log).`,
    );
  }
  const log = resolveInside(root, logFile);
  return { log, index: `${log}.idx` };
}

/** Whether `path` is `dir` itself or somewhere below it. */
export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
}

function outside(name: unknown): CoreError {
  return new CoreError('invalid_arguments', `"${String(name)}" is not a path inside the logs folder.`);
}
