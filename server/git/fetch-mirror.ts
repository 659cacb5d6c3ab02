// One fetch of one ref into a project's mirror, skipped when the commit is already there. The token
// reaches git only as an `http.extraHeader` in git's environment: not in argv (visible in `ps`), not in
// the URL, not in the mirror's config.
import type { FetchRequest } from '../core/ports.js';
import { SourceError } from '../core/ports.js';
import { fetchFailureMessage } from './fetch-failure.js';
import { checkCloneUrl, checkRef, checkSha, localRefOf } from './mirror-names.js';
import { ensureMirror, hasCommit } from './mirror-setup.js';
import { ProgressLines } from './progress-lines.js';
import { redactorFor } from './redactor.js';
import { runGit } from './run-git.js';
import { removeStaleLocks } from './stale-locks.js';

export interface MirrorFetch {
  readonly mirror: string;
  readonly request: FetchRequest;
  readonly timeoutMs: number;
  readonly onProgress: (line: string) => void;
}

export async function fetchIntoMirror({
  mirror,
  request,
  timeoutMs,
  onProgress,
}: MirrorFetch): Promise<void> {
  const { cloneUrl, credentials, ref, sha } = request;
  checkSha(sha);
  checkRef(ref);
  checkCloneUrl(cloneUrl);
  if (await hasCommit(mirror, sha)) return;

  await ensureMirror(mirror);
  await removeStaleLocks(mirror, timeoutMs);
  const redact = redactorFor(credentials);
  const progress = new ProgressLines((line) => {
    try {
      onProgress(redact(line));
    } catch {
      // A failing log must not crash the fetch (this runs inside a stream handler).
    }
  });
  const result = await runGit(
    [
      '--git-dir',
      mirror,
      'fetch',
      '--no-tags',
      '--progress',
      '--end-of-options',
      cloneUrl,
      `+${ref}:${localRefOf(ref)}`,
    ],
    { config: fetchConfig(credentials), timeoutMs, onStderr: (chunk) => progress.push(chunk) },
  );
  progress.end();

  if (result.timedOut) {
    throw new SourceError(
      `git fetch of ${ref} did not finish within ${seconds(timeoutMs)} and was stopped. ` +
        'The network may be slow or the repository very large; try again.',
    );
  }
  if (result.code !== 0) throw new SourceError(fetchFailureMessage(ref, result.stderr, redact));
  if (!(await hasCommit(mirror, sha))) {
    throw new SourceError(
      `Commit ${sha} is not on ${ref} of ${cloneUrl}: it was probably force-pushed away or its branch deleted. ` +
        'Build a newer commit.',
    );
  }
}

function fetchConfig(credentials: FetchRequest['credentials']): Record<string, string> {
  const config: Record<string, string> = {
    // An automatic gc must finish inside the fetch (serialised, under its timeout), not linger detached.
    'gc.autoDetach': 'false',
    'maintenance.autoDetach': 'false',
  };
  if (credentials) {
    const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    config['http.extraHeader'] = `Authorization: Basic ${basic}`;
  }
  return config;
}

/** "0.3 s" below ten seconds, whole seconds above: never "0 s" for a short limit. */
function seconds(ms: number): string {
  return ms < 10_000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms / 1000)} s`;
}
