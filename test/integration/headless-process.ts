// Starts the built headless host as a real child process with its own data dir, and reads the
// address and token it prints, the way a person would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface HeadlessApp {
  readonly url: string;
  readonly token: string;
  readonly webhookPort: number;
  readonly dataDir: string;
  readonly process: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  call(name: string, args?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kozmic-test-'));
}

/**
 * A git that was fetching when the core closed may still be cleaning its temporary objects for a
 * moment (it is asked to stop, not waited for), so the removal tries again rather than fail on a
 * folder that was emptied and refilled under it.
 */
export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

/** Runs `node out/server/main.js` until it exits; resolves with its exit code and output. */
export function runToExit(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(appRoot, 'out/server/main.js')], {
      env: { ...process.env, KOZMIC_PORT: '0', KOZMIC_UI_PORT: '0', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export async function startHeadless(dataDir: string, env: Record<string, string> = {}): Promise<HeadlessApp> {
  const child = spawn(process.execPath, [join(appRoot, 'out/server/main.js')], {
    env: { ...process.env, KOZMIC_DATA_DIR: dataDir, KOZMIC_PORT: '0', KOZMIC_UI_PORT: '0', ...env },
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 20 s:\n${output}`)), 20_000);
    const check = () => {
      if (output.includes('Kozmic ready.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  });
  const open = /Open:\s+(http:\/\/\S+)\/#token=([A-Za-z0-9_-]+)/.exec(output);
  const webhooks = /Webhooks: port (\d+)/.exec(output);
  if (!open?.[1] || !open[2] || !webhooks?.[1]) throw new Error(`unexpected start-up output:\n${output}`);
  const url = open[1];
  const token = open[2];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url,
    token,
    webhookPort: Number(webhooks[1]),
    dataDir,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    call: async (name, args = {}) => {
      const response = await fetch(`${url}/api/call/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      return response.json() as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
    },
  };
}
