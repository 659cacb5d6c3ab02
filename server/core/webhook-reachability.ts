// Can GitHub deliver webhooks here? Kozmic asks `<public URL>/hooks/health` the way GitHub would reach
// it (through the tunnel or port forward) and expects this process's nonce back, so a stale tunnel to
// another machine, or another Kozmic, is not taken for this one.
import { randomBytes } from 'node:crypto';
import type { WebhookReachabilityDto } from '../contract/dto.js';

/**
 * The nonce this process's webhook server answers `GET /hooks/health` with; the hosts pass it to
 * `startWebhookServer`. Per process, not per data dir: another Kozmic on a copy of the data behind the
 * same tunnel must not pass for this one. Public by design: it proves identity, it grants nothing.
 */
export const webhookInstance = randomBytes(16).toString('hex');

export interface WebhookReachabilityOptions {
    /** The effective public URL, read at every check. */
  readonly publicUrl: () => string | null;
  /** Why there is no public URL when something else than an empty setting explains it (a tunnel opening). */
  readonly whyNoUrl?: () => string | null;
  /** KOZMIC_PORT, named in the advice: what the tunnel or port forward must point at. */
  readonly port: number;
  /** The nonce the webhook server answers with (`webhookInstance`; tests pass their own). */
  readonly instance: string;
  /** GitHub itself gives up after 10 s; an answer slower than this is as good as none. */
  readonly timeoutMs?: number;
  /** `app.status` is asked often (every window, the engine poll); one probe serves them all this long. */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

interface Checked {
  readonly publicUrl: string | null;
  readonly at: number;
  readonly answer: Promise<WebhookReachabilityDto>;
}

/** Checks the public URL on demand, keeping the answer for a while (see `cacheMs`). Never throws. */
export class WebhookReachability {
    readonly #publicUrl: () => string | null;
  readonly #whyNoUrl: (() => string | null) | undefined;
  readonly #port: number;
  readonly #instance: string;
  readonly #timeoutMs: number;
  readonly #cacheMs: number;
  readonly #now: () => number;
  #last: Checked | null = null;

  constructor(options: WebhookReachabilityOptions) {
        this.#publicUrl = options.publicUrl;
    this.#whyNoUrl = options.whyNoUrl;
    this.#port = options.port;
    this.#instance = options.instance;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#cacheMs = options.cacheMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** The last answer while it is fresh and for the current URL, else a new probe; callers meanwhile share it. */
  check(): Promise<WebhookReachabilityDto> {
    const publicUrl = this.#publicUrl();
    const at = this.#now();
    const last = this.#last;
    if (last && last.publicUrl === publicUrl && at - last.at < this.#cacheMs) return last.answer;
    const answer = this.#probe(publicUrl, at);
    this.#last = { publicUrl, at, answer };
    return answer;
  }

  /** Forgets the last answer, so the next check asks again (after a wake from sleep, a network change). */
  forget(): void {
    this.#last = null;
  }

  /** Forgets the last answer if the public URL has changed since; true if it did, so a new answer is due. */
  forgetIfUrlChanged(): boolean {
    if (this.#last !== null && this.#last.publicUrl === this.#publicUrl()) return false;
    this.#last = null;
    return true;
  }

  async #probe(publicUrl: string | null, at: number): Promise<WebhookReachabilityDto> {
    const checkedAt = new Date(at).toISOString();
    const port = this.#port;
        if (!publicUrl) {
      return {
        publicUrl: null,
        reachable: false,
        checkedAt,
        problem:
          this.#whyNoUrl?.() ??
          'No public URL is set, so GitHub cannot deliver webhooks. Turn the tunnel on in Settings, or set ' +
            `a public URL (a port forwarded to KOZMIC_PORT ${port}).`,
      };
    }
    const outcome = (problem: string | null): WebhookReachabilityDto => ({
      publicUrl,
      reachable: problem === null,
      checkedAt,
      problem,
    });
    let status: number;
    let body: string;
    try {
      // GitHub does not follow redirects when it delivers, so neither does the probe.
      const response = await fetch(healthUrlOf(publicUrl), {
        redirect: 'manual',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      body = status === 200 ? await response.text() : '';
      if (status !== 200) await response.body?.cancel();
    } catch (error) {
      return outcome(
        `Could not reach ${publicUrl}: ${failureOf(error, this.#timeoutMs)}. GitHub cannot deliver webhooks ` +
          `there either; check that the tunnel or port forward points at port ${port}.`,
      );
    }
    const mismatch = mismatchOf(status, body, this.#instance);
    return outcome(
      mismatch && `${publicUrl} answers, but not as this Kozmic (${mismatch}): point it at port ${port}.`,
    );
  }
}

/** Beside the webhook endpoints, so a path prefix in the public URL is kept (see `webhookUrl`). */
function healthUrlOf(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/hooks/health`;
}

/** What the webhook server answers at `/hooks/health` (server/http/webhook-server.ts), as far as trusted. */
interface HealthAnswer {
  readonly kozmic?: unknown;
  readonly instance?: unknown;
}

/** What is wrong with the answer, for the advice; null when it is this process's webhook server. */
function mismatchOf(status: number, body: string, instance: string): string | null {
  if (status !== 200) return `HTTP ${status}`;
  let health: HealthAnswer | null = null;
  try {
    health = JSON.parse(body) as HealthAnswer | null;
  } catch {
    // Some other web server's page: reported just below.
  }
  if (health?.kozmic !== true) return 'not a Kozmic health answer';
  if (health.instance !== instance) return 'another Kozmic answers there';
  return null;
}

/** Why fetch failed, in a person's words; undici puts the system error code in `cause`. */
function failureOf(error: unknown, timeoutMs: number): string {
  if ((error as { name?: string }).name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'ECONNRESET') return 'the connection was reset';
  // Fetch refuses some ports outright (the "bad ports" of the Fetch standard, e.g. 6000).
  if (cause?.message === 'bad port') return 'web clients refuse that port (choose another)';
  if (/CERT|UNABLE_TO_VERIFY/.test(code)) return `its TLS certificate is not accepted (${cause?.message})`;
  return cause?.message ?? (error as Error).message;
}
