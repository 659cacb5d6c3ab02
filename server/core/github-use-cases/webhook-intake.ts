// POST /hooks/github/<hook id>, after the HTTP layer read the body: verify, read, record, queue. The
// answer comes once the delivery is persisted; the job runs later. Nothing is stored for a request
// that fails verification. Deliveries read back from GitHub's API (delivery-catch-up.ts) take the same
// path after the signature check, which they need not pass: they came over the signed-in connection.
import type { HookDto, JobDto } from '../../contract/dto.js';
import type { Forge, HookDeliveryRequest, Logger, Store, WebhookAnswer, WebhookDelivery } from '../ports.js';
import type { Tokens } from './tokens.js';

const deliveryIdPattern = /^[A-Za-z0-9-]{1,100}$/;
/** Strict: a byte sequence that is not UTF-8 is refused, never silently replaced. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class WebhookIntake {
  constructor(
    private readonly s: {
      store: Store;
      tokens: Tokens;
      forge: () => Forge;
      enqueue: (jobId: string) => void;
      /** A job was queued: its build (new or not) is published before it waits for a slot. */
      created: (job: JobDto) => Promise<void>;
      log: Logger;
    },
  ) {}

  async receive(delivery: WebhookDelivery): Promise<WebhookAnswer> {
    const { store } = this.s;
    const hook = /^[a-z0-9]{1,64}$/.test(delivery.hookId) ? store.getHook(delivery.hookId) : null;
    if (!hook || hook.deletedAt !== null) return { status: 404, message: 'Unknown hook.' };
    const secret = await this.s.tokens.hookSecret(hook.id);
    const forge = this.s.forge();
    if (!secret || !(await forge.verifyWebhookSignature(secret, delivery.body, delivery.signature))) {
      return { status: 401, message: 'Missing or invalid X-Hub-Signature-256.' };
    }
    if (!delivery.deliveryId || !deliveryIdPattern.test(delivery.deliveryId)) {
      return { status: 400, message: 'Missing or malformed X-GitHub-Delivery.' };
    }
    let body: string;
    try {
      body = utf8.decode(delivery.body);
    } catch {
      return { status: 400, message: 'Malformed delivery: the body is not valid UTF-8 JSON.' };
    }
    return this.#accept(hook, delivery.deliveryId, delivery.event, body);
  }

  /** A delivery GitHub kept and Kozmic missed, read back through the API: recorded and built like a live one. */
  async receiveFetched(hookId: string, fetched: HookDeliveryRequest): Promise<WebhookAnswer> {
    const hook = this.s.store.getHook(hookId);
    if (!hook || hook.deletedAt !== null) return { status: 404, message: 'Unknown hook.' };
    if (!deliveryIdPattern.test(fetched.guid)) return { status: 400, message: 'Malformed delivery id.' };
    return this.#accept(hook, fetched.guid, fetched.event, fetched.payload);
  }

  async #accept(hook: HookDto, deliveryId: string, eventName: string | undefined, body: string): Promise<WebhookAnswer> {
    const { store } = this.s;
    const event = this.s.forge().parseWebhookEvent(eventName, body);
    switch (event.kind) {
      case 'invalid':
        return { status: 400, message: `Malformed delivery: ${event.reason}` };
      case 'ping':
        return hook.githubHookId === null || event.hookId === hook.githubHookId
          ? { status: 200, message: 'pong' }
          : { status: 400, message: 'Wrong hook URL: this delivery belongs to another webhook.' };
      case 'ignored':
        return { status: 202, message: `Ignored: ${event.reason}` };
      case 'skipped':
        return { status: 202, message: `Skipped: the commit asks for it with ${event.marker}.` };
      case 'build':
        break;
    }
    const project = store.getProject(hook.projectId);
    if (!project || event.repository.githubId !== project.githubRepoId) {
      return { status: 400, message: 'This delivery is for another repository than the hook’s project.' };
    }
    // Every delivery says which branch is the default, so a project follows a rename (and one made
    // before Kozmic kept it learns it) before this build is noted against it.
    const { defaultBranch } = event.repository;
    if (defaultBranch !== null && defaultBranch !== project.defaultBranch) {
      await store.setDefaultBranch(project.id, defaultBranch).catch((error: unknown) => {
        this.s.log.warn(`Noting ${project.fullName}'s default branch: ${(error as Error).message}`);
      });
    }
    const outcome = await store.requestBuild({
      projectId: project.id,
      hookId: hook.id,
      commit: event.commit,
      delivery: {
        deliveryId,
        event: eventName ?? 'unknown',
        payload: body,
        receivedAt: new Date().toISOString(),
      },
    });
    switch (outcome.kind) {
      case 'duplicate-delivery':
        return { status: 200, message: 'Already received.' };
      case 'duplicate-job':
        return { status: 200, message: `Build #${outcome.build.number} already has a job for this hook.` };
      case 'created':
        // Published before it is queued, so no later change of the job can be overtaken by this one.
        await this.s.created(outcome.job).catch((error: unknown) => {
          this.s.log.warn(`Telling about build #${outcome.build.number}: ${(error as Error).message}`);
        });
        this.s.enqueue(outcome.job.id);
        return { status: 202, message: `Build #${outcome.build.number} queued.` };
    }
  }
}
