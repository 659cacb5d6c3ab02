// Waiting for a container's exit without a race against its start.
//
// dockerode's `container.wait()` resolves only when the container exits, so a caller cannot tell when
// the engine has registered the wait. A wait that reaches the engine after a fast container already
// exited waits forever ('next-exit'), or reports a stale state (plain wait returned 0 for a failing
// container in 18 of 20 runs, see MACHINE.md). Docker sends the response headers once the wait is
// registered, so this dials the endpoint as a stream: the returned promise resolves at the headers (now
// start the container), its `exitCode` with the exit code.
import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';

export interface ExitWait {
  /** The container's exit code, once it exited. */
  readonly exitCode: Promise<number>;
}

export async function registerExitWait(docker: Docker, containerId: string): Promise<ExitWait> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(containerId)}/wait?`,
        method: 'POST',
        isStream: true,
        options: { _query: { condition: 'next-exit' }, _body: {} },
        statusCodes: { 200: true, 400: 'bad parameter', 404: 'no such container', 500: 'server error' },
      },
      (error, result) => (error ? reject(error) : resolve(result as IncomingMessage)),
    );
  });
  const exitCode = new Promise<number>((resolve, reject) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (body += chunk));
    response.on('error', reject);
    response.on('close', () =>
      reject(new Error('the connection to the engine closed before the container exited')),
    );
    response.on('end', () => {
      try {
        const result = JSON.parse(body) as { StatusCode?: unknown; Error?: { Message?: string } | null };
        if (typeof result.StatusCode === 'number') resolve(result.StatusCode);
        else reject(new Error(result.Error?.Message ?? `unexpected answer to wait: ${body}`));
      } catch {
        reject(new Error(`unexpected answer to wait: ${body || '(nothing)'}`));
      }
    });
  });
  // Until someone awaits it, a failure (say, the container was removed) must not go unhandled.
  exitCode.catch(() => undefined);
  return { exitCode };
}
