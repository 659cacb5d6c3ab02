// The localtunnel client's Tunnel class, used directly (see localtunnel-tunnel.ts for why).
declare module 'localtunnel/lib/Tunnel.js' {
  import { EventEmitter } from 'node:events';

  interface TunnelInfo {
    readonly url: string;
  }

  class Tunnel extends EventEmitter {
    constructor(options: {
      port: number;
      host: string;
      subdomain?: string;
    });
    opts: { host: string; subdomain?: string };
    url: string;
    closed: boolean;
    open(callback: (error?: Error) => void): void;
    close(): void;
    _init(callback: (error: Error | null, info?: TunnelInfo) => void): void;
    _getInfo(body: unknown): TunnelInfo;
  }

  export = Tunnel;
}
