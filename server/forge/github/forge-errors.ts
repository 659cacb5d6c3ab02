// Octokit's failures, translated into what the core can act on (ForgeError kinds). Anything that is
// not a failed HTTP exchange (a bug) is passed through unchanged rather than disguised as an outage.
import { ForgeError } from '../../core/ports.js';

type ResponseHeaders = Readonly<Record<string, string | number | undefined>>;

/** The parts of Octokit's RequestError we read. */
interface HttpFailure {
  readonly status: number;
  readonly message: string;
  readonly response?: { readonly status: number; readonly headers: ResponseHeaders; readonly data?: unknown };
}

function isHttpFailure(error: unknown): error is HttpFailure {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

/** GitHub's own explanation: `message` plus each validation error's `message`. */
function gitHubMessage(failure: HttpFailure): string {
  const data = failure.response?.data;
  if (data && typeof data === 'object') {
    const { message, errors } = data as { message?: unknown; errors?: unknown };
    const details = Array.isArray(errors)
      ? errors
          .map((e) => (e && typeof e === 'object' ? (e as { message?: unknown }).message : e))
          .filter((m) => typeof m === 'string')
      : [];
    if (typeof message === 'string') return details.length ? `${message}: ${details.join('; ')}` : message;
  }
  return failure.message;
}

function retryAtOf(headers: ResponseHeaders): string | null {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0)
    return new Date(Date.now() + retryAfter * 1000).toISOString();
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000).toISOString();
  return null;
}

/**
 * `what` names the thing asked for ("repository octo/app"), `apiUrl` where GitHub was expected, so
 * messages say what failed and where.
 */
export function toForgeError(error: unknown, what: string, apiUrl: string): unknown {
  if (error instanceof ForgeError || !isHttpFailure(error)) return error;
  const response = error.response;
  if (!response) {
    // No answer at all: refused connection, DNS failure, timeout.
    return new ForgeError('unavailable', `Could not reach GitHub at ${apiUrl} (${error.message}).`, {
      cause: error,
    });
  }
  const status = response.status;
  const headers = response.headers;
  const message = gitHubMessage(error);
  if (status === 401) {
    return new ForgeError(
      'unauthorized',
      'GitHub no longer accepts this sign-in (token expired or revoked); sign in again.',
      {
        cause: error,
      },
    );
  }
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (headers['x-ratelimit-remaining'] === '0' ||
        headers['retry-after'] !== undefined ||
        /rate limit/i.test(message)));
  if (rateLimited) {
    const retryAt = retryAtOf(headers) ?? new Date(Date.now() + 60_000).toISOString();
    return new ForgeError('rate_limited', `GitHub's rate limit was reached; retrying after ${retryAt}.`, {
      cause: error,
      retryAt,
    });
  }
  if (status === 403)
    return new ForgeError('forbidden', `GitHub refused access to ${what}: ${message}`, { cause: error });
  // GitHub answers 422 rather than 404 when a status or commit names a sha it does not have.
  if (status === 404 || (status === 422 && /no commit found/i.test(message))) {
    return new ForgeError('not_found', `GitHub has no ${what}, or this account cannot see it.`, {
      cause: error,
    });
  }
  if (status >= 500) {
    return new ForgeError(
      'unavailable',
      `GitHub at ${apiUrl} failed (HTTP ${status}) on ${what}; try again later.`,
      {
        cause: error,
      },
    );
  }
  return new ForgeError('invalid', `GitHub rejected the request for ${what}: ${message}`, { cause: error });
}
