// Every git process Kozmic starts goes through here, so none of them can prompt for a password, read
// the user's or the system's git configuration, or print translated messages we would fail to recognise.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SourceError } from '../core/ports.js';

export interface GitRun {
  /** Settings passed through the environment (`GIT_CONFIG_COUNT`…): never in argv, never on disk. */
  readonly config?: Readonly<Record<string, string>>;
  /** Stops git (and its helpers) after this long; the result then says `timedOut`. */
  readonly timeoutMs: number;
  readonly onStderr?: (chunk: Buffer) => void;
}

export interface GitResult {
  /** The exit code, or null when git was killed. */
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** How long a killed git gets to remove its lock files before it is killed for good. */
const KILL_GRACE_MS = 5_000;
/** Kept for the error message; git's useful lines come last. */
const STDERR_LIMIT = 64 * 1024;

export function gitEnvironment(config: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Inherited GIT_* variables (GIT_DIR, GIT_CONFIG_PARAMETERS, GIT_TRACE…) would redirect or leak;
  // everything else stays, proxies and certificate settings included.
  for (const [key, value] of Object.entries(process.env)) if (!/^GIT_/i.test(key)) env[key] = value;
  const entries = Object.entries(config);
  entries.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return {
    ...env,
    GIT_CONFIG_COUNT: String(entries.length),
    GIT_TERMINAL_PROMPT: '0',
    // Empty (not unset) so git also skips core.askPass and SSH_ASKPASS.
    GIT_ASKPASS: '',
    GIT_CONFIG_NOSYSTEM: '1',
    // Git for Windows maps /dev/null to NUL too.
    GIT_CONFIG_GLOBAL: '/dev/null',
    LC_ALL: 'C',
  };
}

export function spawnGit(
  args: readonly string[],
  config?: Readonly<Record<string, string>>,
): ChildProcessWithoutNullStreams {
  return spawn('git', args, {
    env: gitEnvironment(config),
    // Its own process group, so a timeout also stops git-remote-http and index-pack.
    detached: process.platform !== 'win32',
    windowsHide: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Asks git (and its helpers) to stop, then insists. Safe to call after it exited. */
export function stopGit(child: ChildProcessWithoutNullStreams): void {
  const signal = (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      if (process.platform === 'win32') child.kill(name);
      else process.kill(-child.pid, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  setTimeout(() => signal('SIGKILL'), KILL_GRACE_MS).unref();
}

export function runGit(args: readonly string[], run: GitRun): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(args, run.config);
    const stdout: Buffer[] = [];
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stopGit(child);
    }, run.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_LIMIT);
      run.onStderr?.(chunk);
    });
    child.stdin.end();
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(gitMissing(error));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr, timedOut });
    });
  });
}

/** Spawning fails only when git itself cannot be started: say what to install. */
export function gitMissing(error: Error): SourceError {
  const advice = 'Install git and make sure it is on the PATH.';
  return new SourceError(`Could not run git (${error.message}). ${advice}`, { cause: error });
}
