// What a host holds of the core (`Core`), and how the core's parts are turned into it: every event and
// live log a caller receives passes their access check here, whichever transport carries it.
import type { AppStatusDto, SettingsDto } from '../contract/dto.js';
import type { Disposer, EventBus, EventListener } from './event-bus.js';
import type { LogAccess } from './log-access.js';
import {
  operator,
  type Caller,
  type Dispatch,
  type LookUpBadge,
  type LookUpBuildLink,
  type ReceiveWebhook,
  type SubscribeLog,
} from './ports.js';
import type { Access } from './team/access.js';
import { eventFor } from './team/teammate-views.js';

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
  /** The webhook endpoint's work, for the webhook server's route. */
  readonly receiveWebhook: ReceiveWebhook;
  /** Badge statuses, for the webhook server's badge route. */
  readonly lookUpBadge: LookUpBadge;
  /** What the webhook server's build-link page may show of a build. */
  readonly lookUpBuildLink: LookUpBuildLink;
  /** A live log subscription, relayed by a transport as frames (see contract/log-stream.ts). */
  readonly subscribeLog: SubscribeLog;
  /**
   * Asks again at once whether Docker, the tunnel and the public URL work, and tells every window: the
   * host calls this when the machine wakes from sleep or its network changes, when the last answers are stale.
   */
  recheck(): Promise<AppStatusDto>;
  /** Stops the scheduler (running jobs end as interrupted), timers, and flushes the store. Safe to call twice. */
  close(): Promise<void>;
}

/** The parts `Core` is made of; the composition root (server/host/create-core.ts) hands them over. */
export interface CoreParts
  extends Pick<Core, 'dispatch' | 'callerOf' | 'stillSignedIn' | 'webhooksListening' | 'settings' | 'status' | 'recheck'>,
    Pick<Core, 'receiveWebhook' | 'lookUpBadge' | 'lookUpBuildLink'> {
  readonly events: EventBus;
  readonly access: Pick<Access, 'canReceive' | 'requireRole'>;
  readonly logs: Pick<LogAccess, 'subscribe'>;
  /** Stops everything, in order; called once however often `close` is. */
  readonly stop: () => Promise<void>;
}

export function exposeCore(parts: CoreParts): Core {
  let closed: Promise<void> | null = null;
  return {
    dispatch: parts.dispatch,
    subscribe: (listener, caller = operator) =>
      parts.events.subscribe((name, payload) => {
        if (parts.access.canReceive(caller, name, payload)) listener(name, eventFor(caller, name, payload));
      }),
    callerOf: parts.callerOf,
    stillSignedIn: parts.stillSignedIn,
    webhooksListening: parts.webhooksListening,
    settings: parts.settings,
    status: parts.status,
    recheck: parts.recheck,
    receiveWebhook: parts.receiveWebhook,
    lookUpBadge: parts.lookUpBadge,
    lookUpBuildLink: parts.lookUpBuildLink,
    subscribeLog: async (request, send, bufferedBytes, caller = operator) => {
      parts.access.requireRole(caller, { jobId: request.jobId }, 'view');
      return parts.logs.subscribe(request, send, bufferedBytes);
    },
    close: () => (closed ??= parts.stop()),
  };
}
