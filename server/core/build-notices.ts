// Notices when a branch breaks or is mended, not for every build: a failure after a pass (or a first
// build that fails) says "failed", a pass after a failure says "fixed". A build restarted into a pass
// mends its branch too. Builds finishing out of order never re-notify an older state.
import type { BuildStatus, BuildSummaryDto } from '../contract/dto.js';
import type { EventBus } from './event-bus.js';
import type { Store } from './ports.js';

type Outcome = { readonly number: number; readonly status: BuildStatus };

const broken = (status: BuildStatus): boolean => status === 'failure' || status === 'error';
const finished = (status: BuildStatus): boolean => status !== 'pending' && status !== 'cancelled';

/** How many of a project's newest builds are searched for a branch's last outcome. */
const lookBack = 200;

export class BuildNotices {
  readonly #store: Store;
  readonly #events: EventBus;
  /** The last finished outcome seen per `<projectId> <ref>`. */
  readonly #last = new Map<string, Outcome | null>();
  /** Serialises the work per branch: a build's events can come in quick succession. */
  readonly #queue = new Map<string, Promise<void>>();

  constructor(store: Store, events: EventBus) {
    this.#store = store;
    this.#events = events;
  }

  /** Call with every `build.changed`. */
  buildChanged(build: BuildSummaryDto): Promise<void> {
    if (!finished(build.status)) return Promise.resolve();
    const key = `${build.projectId} ${build.ref}`;
    const next = (this.#queue.get(key) ?? Promise.resolve()).then(() => this.#judge(key, build));
    this.#queue.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }

  async #judge(key: string, build: BuildSummaryDto): Promise<void> {
    const last = this.#last.has(key) ? this.#last.get(key)! : await this.#outcomeBefore(build);
    if (
      last &&
      (last.number > build.number || (last.number === build.number && last.status === build.status))
    ) {
      if (!this.#last.has(key)) this.#last.set(key, last);
      return;
    }
    this.#last.set(key, { number: build.number, status: build.status });
    const kind =
      broken(build.status) && !(last && broken(last.status))
        ? 'failed'
        : !broken(build.status) && last && broken(last.status)
          ? 'fixed'
          : null;
    if (!kind) return;
    const project = this.#store.getProject(build.projectId);
    if (!project) return;
    this.#events.emit('build.notice', {
      kind,
      projectId: build.projectId,
      fullName: project.fullName,
      number: build.number,
      ref: build.ref,
      sha: build.sha,
      status: build.status,
      message: build.message.split('\n', 1)[0] ?? '',
    });
  }

  /** The branch's newest finished build before this one (after a restart, the history knows it). */
  async #outcomeBefore(build: BuildSummaryDto): Promise<Outcome | null> {
    const page = await this.#store.listBuilds(build.projectId, 1, lookBack);
    const before = page.builds.find(
      (b) => b.ref === build.ref && b.number < build.number && finished(b.status),
    );
    return before ? { number: before.number, status: before.status } : null;
  }
}
