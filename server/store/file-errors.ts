// The errors a person sees when a file under the data folder cannot be used: each names the file and
// says what to do, because the store never repairs such a file by overwriting it.
import { CoreError } from '../core/ports.js';

/** Errors that judge a file's content (as opposed to failing to read it): they stay true until restart. */
const verdicts = new WeakSet<Error>();

export function isVerdictOnContent(error: unknown): boolean {
  return error instanceof Error && verdicts.has(error);
}

export function corruptFileError(file: string, problem: string, advice: string): CoreError {
  return verdict(new CoreError('unavailable', `Kozmic cannot read ${file}: ${problem}. ${advice}`));
}

export function newerVersionError(file: string, version: number, supported: number): CoreError {
  return verdict(
    new CoreError(
      'unavailable',
      `${file} has store version ${version}, but this Kozmic supports up to version ${supported}: it was ` +
        'written by a newer Kozmic. Upgrade Kozmic to use this data folder; the file was left untouched.',
    ),
  );
}

export function unreadableFileError(file: string, cause: unknown): CoreError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const message = `Kozmic cannot read ${file} (${reason}). Check the file's permissions.`;
  return new CoreError('unavailable', message, { cause });
}

function verdict(error: CoreError): CoreError {
  verdicts.add(error);
  return error;
}

export function storeClosedError(): CoreError {
  return new CoreError('unavailable', 'The store is closed: Kozmic is shutting down.');
}
