// What hosts and transports hand the core, and what the core hands them back.
import type { BadgeStatus } from '../../contract/dto.js';
import type { Envelope } from '../../contract/envelope.js';
import type { LogServerFrame, LogSubscribe } from '../../contract/log-stream.js';
import type { CommandArgs, CommandName, CommandResult } from '../../contract/commands.js';
import type { Disposer } from '../event-bus.js';

/** Where the core reports what happened. Hosts decide where it goes (terminal, file). Never given secrets. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/**
 * Listens once on a loopback address for the OAuth web flow's redirect. `complete` checks the state
 * and signs in; its message is shown to the person in the browser.
 */
export type OAuthCallback = (
  complete: (code: string, state: string) => Promise<{ readonly ok: boolean; readonly message: string }>,
) => Promise<{ readonly redirectUri: string; close(): void }>;

/** A webhook request as the HTTP layer read it, for the core's intake (core/github-use-cases/webhook-intake.ts). */
export interface WebhookDelivery {
  readonly hookId: string;
  /** `X-GitHub-Event`. */
  readonly event: string | undefined;
  /** `X-GitHub-Delivery`. */
  readonly deliveryId: string | undefined;
  /** `X-Hub-Signature-256`. */
  readonly signature: string | readonly string[] | undefined;
  /** The body's bytes exactly as received: the signature is over these; the intake decodes them after. */
  readonly body: Uint8Array;
}

export interface WebhookAnswer {
  readonly status: number;
  readonly message: string;
}

export type ReceiveWebhook = (delivery: WebhookDelivery) => Promise<WebhookAnswer>;

/** Starts relaying one live log subscription as frames; rejects (not_found) for an unknown job. */
export type SubscribeLog = (
  request: LogSubscribe,
  send: (frame: LogServerFrame) => void,
  bufferedBytes?: () => number,
  caller?: Caller,
) => Promise<Disposer>;

/** One connection's live logs: `receive` takes each frame the viewer sent (decoded), `close` ends them all. */
export interface LogRelay {
  receive(frame: unknown): void;
  close(): void;
}

/** Opens the log relay of one connection (rpc/log-relay.ts), for a transport that carries log frames. */
export type OpenLogRelay = (
  send: (frame: LogServerFrame) => void,
  bufferedBytes: (() => number) | undefined,
  caller: Caller,
) => LogRelay;

/** A branch's badge status for `GET /badges/<owner>/<repo>.svg`; null when there is no such (visible) project. */
export type LookUpBadge = (
  fullName: string,
  branch: string,
  token: string | null,
) => Promise<BadgeStatus | null>;

/** What the link page may say of a build: a private project's name never leaves Kozmic. */
export interface BuildLink {
  /** `owner/repo`, or null for a private project. */
  readonly fullName: string | null;
  /** The build's number, or null for a private project. */
  readonly number: number | null;
  readonly appLink: string;
}

/** The build-link page's facts for `GET /projects/<id>/builds/<n>`; null when there is no such build. */
export type LookUpBuildLink = (projectId: string, number: number) => Promise<BuildLink | null>;

/**
 * Who a command, event or log comes from or goes to. The desktop user, and whoever holds a team
 * server's start-up token, is the `operator` and may do everything. A `teammate` signed in to a team
 * server's UI with GitHub; their role in each project decides what they may do (core/team/access.ts).
 * A `visitor` has not signed in and may only start signing in.
 */
export type Caller =
  | { readonly kind: 'operator' }
  | { readonly kind: 'teammate'; readonly githubId: number; readonly sessionId: string }
  | { readonly kind: 'visitor' };

export const operator: Caller = Object.freeze({ kind: 'operator' });
export const visitor: Caller = Object.freeze({ kind: 'visitor' });

/** How hosts and transports hand a command to the core; never throws (see rpc/dispatcher.ts). */
export type Dispatch = (name: unknown, args: unknown, caller: Caller) => Promise<Envelope<unknown>>;

export type { Disposer, EventListener } from '../event-bus.js';

/** The core's inbound port: one handler per contract command (made in handlers.ts). */
export type CommandHandlers = {
  readonly [K in CommandName]: (
    args: CommandArgs<K>,
    caller: Caller,
  ) => Promise<CommandResult<K>> | CommandResult<K>;
};
