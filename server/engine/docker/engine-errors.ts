// Turns what dockerode throws into messages a person can act on. dockerode errors come in two shapes:
// a Node socket error (`code` ENOENT, ECONNREFUSED…) when the engine cannot be reached, or an HTTP error
// (`statusCode`, and Docker's own `json.message`) when the engine answered with a failure.
import { EngineError } from '../../core/ports.js';

const unreachableCodes = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EACCES',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

export function statusCodeOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Whether the error is a socket failure (no engine, no permission) rather than an answer from Docker. */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && unreachableCodes.has(code);
}

/** What Docker said, without dockerode's "(HTTP code 404) no such container - " prefix. */
export function dockerMessageOf(error: unknown): string {
  const json = (error as { json?: unknown } | null)?.json;
  const fromJson = (json as { message?: unknown } | null)?.message;
  if (typeof fromJson === 'string' && fromJson.trim() !== '') return fromJson.trim();
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** Why the engine at `endpoint` could not be reached, and what to do about it. */
export function unreachableProblem(error: unknown, endpoint: string, timeoutMs?: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return `No Docker engine answers at ${endpoint}. Start Docker (Docker Desktop, or \`sudo systemctl start docker\`), or set DOCKER_HOST to where it runs.`;
  }
  if (code === 'EACCES') {
    return `Permission denied on ${endpoint}. Add your user to the "docker" group (then sign in again), or set DOCKER_HOST.`;
  }
  if (timeoutMs !== undefined && (code === 'ETIMEDOUT' || /timeout/i.test(detail))) {
    return `The Docker engine at ${endpoint} did not answer within ${timeoutMs / 1000} s. Check that it is running and reachable.`;
  }
  return `The Docker engine at ${endpoint} could not be reached: ${detail}`;
}

/**
 * An `EngineError('engine')` for a failed Docker call; `doing` says what Kozmic was doing ("starting
 * the step container"). EngineErrors pass through unchanged so callers can wrap freely.
 */
export function toEngineError(error: unknown, endpoint: string, doing: string): EngineError {
  if (error instanceof EngineError) return error;
  if (isUnreachable(error))
    return new EngineError('engine', unreachableProblem(error, endpoint), { cause: error });
  return new EngineError('engine', `Docker failed while ${doing}: ${dockerMessageOf(error)}`, {
    cause: error,
  });
}
