import type { ErrorBody, ErrorCode } from '../contract/envelope.js';
import { ForgeError } from './ports/forge-port.js';

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

/** A failed GitHub call as the person is told it: a refused token asks to sign in again, anything else is "unavailable". */
export function githubProblem(what: string, error: unknown): CoreError {
  const reason = error instanceof Error ? error.message : String(error);
  const code = error instanceof ForgeError && error.kind === 'unauthorized' ? 'unauthorized' : 'unavailable';
  return new CoreError(code, `${what}: ${reason}`, { cause: error });
}
