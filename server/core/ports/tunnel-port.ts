// The Tunnel port: a public address that forwards to the webhook port, so GitHub reaches a laptop.

export interface TunnelOptions {
  /** The tunnel server, e.g. `https://localtunnel.me`. */
  readonly server: string;
  /** The local webhook port the tunnel forwards to. */
  readonly localPort: number;
  /** The name to ask for (a stable address), or null for any. */
  readonly subdomain: string | null;
}

/** One open tunnel. */
export interface OpenedTunnel {
  /** Its public address, e.g. `https://quiet-fox-12.loca.lt`. */
  readonly url: string;
  /** Settles once the tunnel is lost (the server dropped it, the network failed), with why, for a person. */
  readonly lost: Promise<string>;
  /** Idempotent; `lost` then never settles. */
  close(): void;
}

/** Opens a tunnel or rejects with a TunnelError saying what went wrong and what to do. */
export type OpenTunnel = (options: TunnelOptions) => Promise<OpenedTunnel>;

export class TunnelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TunnelError';
  }
}
