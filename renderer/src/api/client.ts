import type { CommandArgs, CommandName, CommandResult } from '../../../server/contract/commands.js';
import type { ErrorBody } from '../../../server/contract/envelope.js';
import type { EventName, Events } from '../../../server/contract/events.js';
import { IpcTransport, type PreloadBridge } from './ipc-transport.js';
import type { LogStreamHandlers, Transport } from './transport.js';
import { WsTransport } from './ws-transport.js';

/** A failed command, carrying the core's error envelope so views can say what happened. */
export class CommandError extends Error {
  readonly body: ErrorBody;

  constructor(body: ErrorBody) {
    super(body.message);
    this.body = body;
  }
}

/** The typed facade every store and view uses; it is the only place that sees the transport. */
export class KozmicClient {
  readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  async call<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
    const envelope = await this.transport.call(name, args);
    if (!envelope.ok) throw new CommandError(envelope.error);
    return envelope.value as CommandResult<K>;
  }

  /** One attempt's live log from chunk `fromSeq`; see `Transport.subscribeLog`. */
  streamLog(
    jobId: string,
    attempt: number | undefined,
    fromSeq: number,
    handlers: LogStreamHandlers,
  ): () => void {
    return this.transport.subscribeLog(jobId, attempt, fromSeq, handlers);
  }

  on<K extends EventName>(name: K, handler: (payload: Events[K]) => void): () => void {
    return this.transport.subscribe((eventName, payload) => {
      if (eventName === name) handler(payload as Events[K]);
    });
  }

  /** The desktop shell asks for a page: a notification, a tray item or a kozmic:// link was clicked. */
  onNavigate(handler: (path: string) => void): () => void {
    return this.transport.subscribe((name, path) => {
      if (name === 'navigate' && typeof path === 'string' && path.startsWith('/')) handler(path);
    });
  }
}

const tokenKey = 'kozmic.token';
const sessionKey = 'kozmic.session';

/**
 * Where the operator's token is kept. On a loopback address the page can only be this machine's own, so
 * the token stays in the browser (localStorage, readable only by pages of this origin, which serves
 * nothing but Kozmic) until "Sign out of this browser": new tabs and browser restarts stay signed in,
 * as with `<data dir>/ui-token` itself, readable by the same user. On any other address only the tab
 * keeps it (sessionStorage).
 */
function operatorStorage(): Storage {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(window.location.hostname);
  return loopback ? localStorage : sessionStorage;
}

/** What this page offered the server: the operator's token, a teammate's session, or nothing. */
export type OfferedToken = 'operator' | 'teammate' | 'none';
let offered: OfferedToken = 'none';
let offeredToken = '';
const refusedKey = 'kozmic.tokenRefused';
let refusedBefore = false;

export function offeredTokenKind(): OfferedToken {
  return offered;
}

/** This page was started again without an operator token that the server had refused. */
export function operatorTokenWasRefused(): boolean {
  return refusedBefore;
}

/**
 * Electron's preload bridge when present, else the headless host that served this page: with the
 * operator's token (from the printed URL, then kept as `operatorStorage` says), else a teammate's
 * session token (kept across visits until they sign out), else none, and the page offers the sign-in.
 */
export function connect(): KozmicClient {
  const bridge = (window as unknown as { kozmic?: PreloadBridge }).kozmic;
  if (bridge) return new KozmicClient(new IpcTransport(bridge));
  refusedBefore = sessionStorage.getItem(refusedKey) !== null;
  sessionStorage.removeItem(refusedKey);
  const fromUrl = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromUrl) {
    operatorStorage().setItem(tokenKey, fromUrl);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const operatorToken = fromUrl ?? sessionStorage.getItem(tokenKey) ?? operatorStorage().getItem(tokenKey);
  const sessionToken = localStorage.getItem(sessionKey);
  offeredToken = operatorToken ?? sessionToken ?? '';
  offered = operatorToken !== null ? 'operator' : sessionToken !== null ? 'teammate' : 'none';
  const token = offeredToken;
  const refused = () => {
    // A session that ended (here, in another tab, or on the server): start over at the sign-in. Only
    // this tab's own token is forgotten, never a newer one another tab just got. A wrong operator
    // token is handled by the page, which says what to do about it.
    if (operatorToken !== null || token === '') return;
    if (localStorage.getItem(sessionKey) === token) localStorage.removeItem(sessionKey);
    window.location.replace('/');
  };
  return new KozmicClient(new WsTransport(new URL('/', window.location.href), token, refused));
}

/**
 * The server refused the operator token this page offered: it is forgotten (it can never work, and
 * the server refuses even the sign-in commands with it), and the page starts again without it to say
 * where the right address is.
 */
export function forgetRefusedOperatorToken(): void {
  for (const storage of [sessionStorage, localStorage]) {
    if (storage.getItem(tokenKey) === offeredToken) storage.removeItem(tokenKey);
  }
  sessionStorage.setItem(refusedKey, '1');
  window.location.replace(window.location.pathname);
}

/** The operator signs out of this browser: the token is forgotten here (the server keeps it). */
export function forgetOperatorToken(): void {
  sessionStorage.removeItem(tokenKey);
  localStorage.removeItem(tokenKey);
  window.location.replace('/');
}

/** Keeps a teammate's new session and starts the app again with it. */
export function beginSession(sessionToken: string): void {
  localStorage.setItem(sessionKey, sessionToken);
  // An operator token left in this browser would otherwise win over the new session.
  sessionStorage.removeItem(tokenKey);
  localStorage.removeItem(tokenKey);
  window.location.replace('/');
}

/** Forgets a teammate's session (after signing out, or when the server ended it) and starts over. */
export function endSession(): void {
  localStorage.removeItem(sessionKey);
  window.location.replace('/');
}
