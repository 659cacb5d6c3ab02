// What a host holds of the core that createCore (create-core.ts) assembles.
import type { AppStatusDto, SettingsDto } from '../contract/dto.js';
import type { Disposer, EventListener } from './event-bus.js';
import type {
  Caller,
  Dispatch,
  JobLogs,
  LookUpBadge,
  LookUpBuildLink,
  ReceiveWebhook,
  Store,
  SubscribeLog,
} from './ports.js';

export interface Core {
  readonly dispatch: Dispatch;
  /** Events `caller` may see (all of them for the operator). */
  subscribe(listener: EventListener, caller?: Caller): Disposer;
  /** The teammate a team-server session token belongs to, or null. */
  callerOf(sessionToken: string): Promise<Caller | null>;
  /** False once a teammate's session has ended (signed out, expired, token refused by GitHub). */
  stillSignedIn(caller: Caller): Promise<boolean>;
  /** The host's webhook server listens on `port`: a tunnel, when wanted, forwards there. */
  webhooksListening(port: number): void;
  settings(): SettingsDto;
  status(): Promise<AppStatusDto>;
  /** Queues a job that the store already holds as queued (the webhook intake calls this). */
  enqueue(jobId: string): void;
  /** The webhook endpoint's work, for the webhook server's route. */
  readonly receiveWebhook: ReceiveWebhook;
  /** Badge statuses, for the webhook server's badge route. */
  readonly lookUpBadge: LookUpBadge;
  /** What the webhook server's build-link page may show of a build. */
  readonly lookUpBuildLink: LookUpBuildLink;
  /** A live log subscription, relayed by a transport as frames (see contract/log-stream.ts). */
  readonly subscribeLog: SubscribeLog;
  readonly store: Store;
  readonly logs: JobLogs;
  /**
   * Asks again at once whether Docker, the tunnel and the public URL work, and tells every window: the
   * host calls this when the machine wakes from sleep or its network changes, when the last answers are stale.
   */
  recheck(): Promise<AppStatusDto>;
  /** Stops the scheduler (running jobs end as interrupted), timers, and flushes the store. Safe to call twice. */
  close(): Promise<void>;
}
