// GitHub does not retry a webhook it could not deliver: while the laptop sleeps, Kozmic is stopped or
// the tunnel is being replaced, pushes would never be built. GitHub keeps every delivery of a hook,
// though, so catch-up reads each hook's deliveries back to the last one it looked at (or a day, the
// first time) and hands every push and pull request Kozmic has not recorded to the intake, exactly as
// if it had arrived live: same parsing, skip markers, and deduplication by delivery id, so nothing is
// built twice. It runs at start-up, on wake, when a tunnel opens and when webhooks become reachable.
import type { AppStatusDto, HookDto, ProjectDto, TunnelStatusDto } from '../../contract/dto.js';
import type { EventBus } from '../event-bus.js';
import { ForgeError, type BuildTarget, type Forge, type HookDelivery, type Logger, type Store } from '../ports.js';
import type { Tokens } from './tokens.js';
import type { WebhookIntake } from './webhook-intake.js';

/** How far back the first catch-up of a hook looks. */
const firstLookBackMs = 24 * 60 * 60_000;
/** At most this many pages of 100 deliveries per hook and run. */
const maxPages = 10;
/** Hooks caught up side by side. */
const hooksAtOnce = 4;
/** The pull request actions that build (webhook-event.ts); others (closed, labeled, …) are not fetched. */
const buildingActions: readonly (string | null)[] = ['opened', 'synchronize', 'reopened'] satisfies NonNullable<
  BuildTarget['pullRequest']
>['action'][];

/** Whether a delivery, as listed, may start a build: every push, and pull requests opened or updated. */
function mayBuild(delivery: HookDelivery): boolean {
  if (delivery.event === 'push') return true;
  return delivery.event === 'pull_request' && buildingActions.includes(delivery.action);
}

export interface CatchUpOutcome {
  /** Builds queued from deliveries Kozmic had missed. */
  readonly queued: number;
  /** Missed deliveries read back from GitHub. */
  readonly fetched: number;
}

export interface DeliveryCatchUpParts {
  readonly store: Store;
  readonly tokens: Pick<Tokens, 'token'>;
  readonly forge: () => Forge;
  readonly intake: Pick<WebhookIntake, 'receiveFetched'>;
  readonly events: EventBus;
  readonly log: Logger;
  /** GitHub refused a project owner's token: the owner is asked to sign in again (github-accounts.ts). */
  readonly tokenRefused?: (error: unknown, githubId: number) => void;
  readonly now?: () => number;
}

export class DeliveryCatchUp {
  readonly #s: DeliveryCatchUpParts;
  #running: Promise<CatchUpOutcome> | null = null;
  #again = false;
  #reachable: boolean | null = null;
  #tunnelUrl: string | null = null;
  #closed = false;
  readonly #stopWatching: () => void;

  constructor(parts: DeliveryCatchUpParts) {
    this.#s = parts;
    this.#stopWatching = parts.events.subscribe((name, payload) => {
      if (name === 'app.status') this.#statusSeen(payload as AppStatusDto);
      if (name === 'tunnel.changed') this.#tunnelSeen(payload as TunnelStatusDto);
    });
  }

  /** Catches up every hook; a call while a run is going makes it run once more afterwards. */
  run(why: string): Promise<CatchUpOutcome> {
    if (this.#closed) return Promise.resolve({ queued: 0, fetched: 0 });
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let total: CatchUpOutcome = { queued: 0, fetched: 0 };
      do {
        this.#again = false;
        const outcome = await this.#runOnce();
        total = { queued: total.queued + outcome.queued, fetched: total.fetched + outcome.fetched };
      } while (this.#again && !this.#closed);
      if (total.fetched > 0) {
        this.#s.log.info(`Caught up (${why}): ${total.fetched} missed deliveries read, ${total.queued} builds queued.`);
      }
      return total;
    })().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Stops watching and lets a run in progress end after the hook it is on. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopWatching();
    await this.#running?.catch(() => undefined);
  }

  #statusSeen(status: AppStatusDto): void {
    const was = this.#reachable;
    this.#reachable = status.webhooks.reachable;
    if (was === false && status.webhooks.reachable) void this.run('webhooks reachable again');
  }

  #tunnelSeen(tunnel: TunnelStatusDto): void {
    if (tunnel.state !== 'open' || tunnel.url === this.#tunnelUrl) return;
    this.#tunnelUrl = tunnel.url;
    void this.run('a tunnel opened');
  }

  async #runOnce(): Promise<CatchUpOutcome> {
    const work: (() => Promise<CatchUpOutcome>)[] = [];
    for (const project of this.#s.store.listProjects()) {
      const token = await this.#s.tokens.token(project.ownerGithubId);
      if (!token) continue;
      for (const hook of this.#s.store.listHooks(project.id)) {
        const githubHookId = hook.githubHookId;
        if (githubHookId === null) continue;
        work.push(() =>
          this.#catchUpHook(project, hook, githubHookId, token).catch((error: unknown) => {
            if (error instanceof ForgeError && error.kind === 'unauthorized') this.#s.tokenRefused?.(error, project.ownerGithubId);
            this.#s.log.warn(`Catching up on ${project.fullName}'s "${hook.title}" deliveries: ${(error as Error).message}`);
            return { queued: 0, fetched: 0 };
          }),
        );
      }
    }
    // A few hooks at once: the store writes each project's builds in turn, different projects alongside.
    const outcomes: CatchUpOutcome[] = [];
    const next = async (): Promise<void> => {
      for (let task = work.shift(); task && !this.#closed; task = work.shift()) outcomes.push(await task());
    };
    await Promise.all(Array.from({ length: hooksAtOnce }, next));
    return {
      queued: outcomes.reduce((sum, o) => sum + o.queued, 0),
      fetched: outcomes.reduce((sum, o) => sum + o.fetched, 0),
    };
  }

  async #catchUpHook(project: ProjectDto, hook: HookDto, githubHookId: number, token: string): Promise<CatchUpOutcome> {
    const { store } = this.#s;
    const forge = this.#s.forge();
    const mark = store.deliveryMark(hook.id);
    const since = (this.#s.now ?? Date.now)() - firstLookBackMs;
    const unseen: HookDelivery[] = [];
    let newestListed: HookDelivery | null = null;
    let cursor: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const listed = await forge.listHookDeliveries(token, project.fullName, githubHookId, cursor);
      newestListed ??= listed.deliveries[0] ?? null;
      const fresh = listed.deliveries.filter((d) => (mark ? d.id > mark.id : Date.parse(d.deliveredAt) >= since));
      unseen.push(...fresh);
      if (fresh.length < listed.deliveries.length || !listed.nextCursor) break;
      cursor = listed.nextCursor;
    }
    // Oldest first, as they happened; a redelivery shares its original's id (guid), taken once.
    unseen.sort((a, b) => a.id - b.id);
    const taken = new Set<string>();
    let lastDone: HookDelivery | null = null;
    let queued = 0;
    let fetched = 0;
    for (const delivery of unseen) {
      if (mayBuild(delivery) && !taken.has(delivery.guid)) {
        taken.add(delivery.guid);
        try {
          if (!(await store.hasDelivery(project.id, delivery.guid))) {
            const request = await forge.getHookDelivery(token, project.fullName, githubHookId, delivery.id);
            fetched++;
            const answer = await this.#s.intake.receiveFetched(hook.id, request);
            if (answer.status === 202 && answer.message.endsWith('queued.')) queued++;
          }
        } catch (error) {
          // Stop here: the mark stays before this delivery, so the next catch-up tries it again.
          this.#s.log.warn(`Reading back a delivery to ${project.fullName}: ${(error as Error).message}`);
          break;
        }
      }
      lastDone = delivery;
    }
    // With nothing new, the mark moves past what is there, so a first look's window does not slide
    // back over what it passed.
    const upTo = unseen.length === 0 ? newestListed : lastDone;
    if (upTo) await store.setDeliveryMark(hook.id, { id: upTo.id, at: upTo.deliveredAt });
    return { queued, fetched };
  }
}
