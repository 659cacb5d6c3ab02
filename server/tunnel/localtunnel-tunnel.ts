// Tunnels through a localtunnel server (localtunnel.me, or one's own) with the `localtunnel` client,
// which keeps a few sockets open to the server and pipes each request they carry to the webhook port.
import Tunnel from 'localtunnel/lib/Tunnel.js';
import { TunnelError, type OpenTunnel } from '../core/ports.js';

const askTimeoutMs = 10_000;
const openTimeoutMs = 20_000;

/**
 * The client asks its server for an address in a loop that never ends while the server is unreachable
 * or refuses (a name already taken), and never says why. Kozmic asks once and says why; the tunnel
 * keeper decides when to try again.
 */
class AskOnce extends Tunnel {
  override _init(callback: Parameters<Tunnel['_init']>[0]): void {
    askForTunnel(this.opts.host, this.opts.subdomain).then(
      (body) => callback(null, this._getInfo(body)),
      (error: unknown) => callback(error as Error),
    );
  }
}

async function askForTunnel(server: string, subdomain: string | undefined): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${server}/${subdomain ?? '?new'}`, {
      signal: AbortSignal.timeout(askTimeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new TunnelError(
      `The tunnel server ${server} cannot be reached (${reasonOf(error)}). Check its address and the ` +
        'connection, or turn the tunnel off and set a public URL.',
      { cause: error },
    );
  }
  const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
  if (!response.ok) {
    const said = typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`;
    throw new TunnelError(
      subdomain
        ? `The tunnel server ${server} refused the name "${subdomain}": ${said}. Pick another name, or leave it empty.`
        : `The tunnel server ${server} refused a tunnel: ${said}.`,
    );
  }
  const info = body as { id?: unknown; port?: unknown; url?: unknown } | null;
  if (typeof info?.url !== 'string' || typeof info.port !== 'number') {
    throw new TunnelError(`${server} did not answer as a localtunnel server does.`);
  }
  return info;
}

export const openLocaltunnel: OpenTunnel = ({ server, localPort, subdomain }) =>
  new Promise((resolve, reject) => {
        // No `local_host`: with it the client rewrites the Host header by decoding the first chunk of each
    // connection as text, which can damage a body's bytes (and so a webhook's signature).
    const tunnel = new AskOnce({ port: localPort, host: server, ...(subdomain ? { subdomain } : {}) });
    let opened = false;
    let reportLost: (reason: string) => void = () => undefined;
    const lost = new Promise<string>((settle) => (reportLost = settle));
    const timer = setTimeout(() => {
      tunnel.close();
      reject(new TunnelError(`The tunnel server ${server} did not open a tunnel within ${openTimeoutMs / 1000} s.`));
    }, openTimeoutMs);
    // Socket errors: the server's tunnel port refuses (it dropped the tunnel, or restarted) or the
    // network failed. The client would keep retrying the dead port; the keeper asks for a new tunnel.
    tunnel.on('error', (error: Error) => {
      tunnel.close();
      if (opened) reportLost(`The tunnel was lost: ${error.message}.`);
    });
    tunnel.open((error) => {
      clearTimeout(timer);
      if (error) {
        reject(error instanceof TunnelError ? error : new TunnelError(`Opening the tunnel failed: ${error.message}`));
        return;
      }
      opened = true;
      resolve({
        url: tunnel.url,
        lost,
        close: () => {
          reportLost = () => undefined;
          tunnel.close();
        },
      });
    });
  });

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return `no answer within ${askTimeoutMs / 1000} s`;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
