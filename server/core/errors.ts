import type { ErrorCode } from '../contract/envelope.js';

/**
 * An error meant for a person. Anything thrown that is not a CoreError reaches the user as a generic
 * `internal` error, so adapters translate the failures they understand into one of these.
 */
export class CoreError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoreError';
    this.code = code;
  }
}

export function notFound(what: string): CoreError {
  return new CoreError('not_found', `${what} does not exist (it may have been deleted).`);
}
