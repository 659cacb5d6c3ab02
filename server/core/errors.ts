import type { ErrorBody, ErrorCode } from '../contract/envelope.js';

/**
 * An error meant for a person. Anything thrown that is not a CoreError reaches the user as a generic
 * `internal` error, so adapters translate the failures they understand into one of these.
 */
export class CoreError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorBody['issues'];

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; issues?: ErrorBody['issues'] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoreError';
    this.code = code;
    this.issues = options?.issues;
  }

  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function notFound(what: string): CoreError {
  return new CoreError('not_found', `${what} does not exist (it may have been deleted).`);
}
