// Sends webhooks the way GitHub's Hookshot does: one signed POST per matching active hook, after the
// triggering call has returned, each one recorded (request and response) for tests and the API.
import { createHmac, randomUUID } from 'node:crypto';
import type { HookRecord, Repo, StandinModel } from './model.js';
import { now } from './model.js';

export interface DeliveryRecord {
  /** Numeric id, as in `GET /repos/{o}/{r}/hooks/{id}/deliveries`; a redelivery gets a new one. */
  readonly id: number;
  /** The `X-GitHub-Delivery` GUID; a redelivery keeps it. */
  readonly guid: string;
  readonly hookId: number;
  readonly repoFullName: string;
  readonly event: string;
  readonly action: string | null;
  readonly redelivery: boolean;
  readonly deliveredAt: string;
  readonly request: { readonly url: string; readonly headers: Record<string, string>; readonly body: string };
  /** Null until answered, and when the receiver could not be reached (see `error`). */
  readonly response: {
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body: string;
  } | null;
  readonly error: string | null;
  readonly durationMs: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class WebhookDeliveries {
  private readonly records: Mutable<DeliveryRecord>[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly model: StandinModel,
    private readonly timeoutMs: number,
  ) {}

  /** Every delivery so far, oldest first (a delivery is listed as soon as it starts). */
  all(): readonly DeliveryRecord[] {
    return this.records;
  }

  forHook(hookId: number): readonly DeliveryRecord[] {
    return this.records.filter((r) => r.hookId === hookId);
  }

  find(id: number): DeliveryRecord | null {
    return this.records.find((r) => r.id === id) ?? null;
  }

  /** Resolves once no delivery is in flight, including ones started while waiting. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Counts work that will send webhooks (a `git push` being processed) as in flight for `settled()`. */
  track(work: Promise<unknown>): void {
    const done: Promise<void> = work
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Delivers the event to every active hook of the repository subscribed to it. */
  send(repo: Repo, event: string, payload: Record<string, unknown>): void {
    for (const hook of repo.hooks.values()) {
      if (hook.active && (hook.events.includes(event) || hook.events.includes('*'))) {
        this.sendTo(hook, event, payload);
      }
    }
  }

  /** Delivers to one hook whatever its events (GitHub's ping on creation). */
  sendTo(hook: HookRecord, event: string, payload: Record<string, unknown>): void {
    const json = JSON.stringify(payload);
    const action = typeof payload.action === 'string' ? payload.action : null;
    this.start(hook, event, action, json, randomUUID(), false);
  }

  /** Sends a recorded delivery again with the same GUID and body; null when it is unknown. */
  redeliver(id: number): DeliveryRecord | null {
    const original = this.find(id);
    const hook = original && this.model.repo(original.repoFullName)?.hooks.get(original.hookId);
    if (!original || !hook) return null;
    const body = original.request.body;
    const json = hook.config.content_type === 'form' ? decodeForm(body) : body;
    return this.start(hook, original.event, original.action, json, original.guid, true);
  }

  private start(
    hook: HookRecord,
    event: string,
    action: string | null,
    json: string,
    guid: string,
    redelivery: boolean,
  ): DeliveryRecord {
    const body = hook.config.content_type === 'form' ? `payload=${encodeURIComponent(json)}` : json;
    const headers: Record<string, string> = {
      'User-Agent': 'GitHub-Hookshot/standin',
      'Content-Type':
        hook.config.content_type === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      'X-GitHub-Event': event,
      'X-GitHub-Delivery': guid,
      'X-GitHub-Hook-ID': String(hook.id),
      'X-GitHub-Hook-Installation-Target-ID': String(hook.repo.id),
      'X-GitHub-Hook-Installation-Target-Type': 'repository',
    };
    if (hook.config.secret) {
      headers['X-Hub-Signature'] = `sha1=${hmac('sha1', hook.config.secret, body)}`;
      headers['X-Hub-Signature-256'] = `sha256=${hmac('sha256', hook.config.secret, body)}`;
    }
    const record: Mutable<DeliveryRecord> = {
      id: this.model.newId('delivery'),
      guid,
      hookId: hook.id,
      repoFullName: hook.repo.fullName,
      event,
      action,
      redelivery,
      deliveredAt: now(),
      request: { url: hook.config.url, headers, body },
      response: null,
      error: null,
      durationMs: 0,
    };
    this.records.push(record);
    // Like GitHub, the triggering request is answered first; the POST goes out afterwards.
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.post(hook, record))
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
    return record;
  }

  private async post(hook: HookRecord, record: Mutable<DeliveryRecord>): Promise<void> {
    const started = performance.now();
    try {
      const response = await fetch(record.request.url, {
        method: 'POST',
        headers: record.request.headers,
        body: record.request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      record.response = {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: await response.text(),
      };
      hook.lastResponse = { code: response.status, status: 'active', message: response.statusText || null };
    } catch (error) {
      record.error =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      hook.lastResponse = { code: null, status: 'timeout', message: record.error };
    } finally {
      record.durationMs = Math.round(performance.now() - started);
    }
  }
}

function hmac(algorithm: 'sha1' | 'sha256', secret: string, body: string): string {
  return createHmac(algorithm, secret).update(body).digest('hex');
}

function decodeForm(body: string): string {
  return decodeURIComponent(body.replace(/^payload=/, '').replace(/\+/g, ' '));
}
