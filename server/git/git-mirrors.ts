// The host's git mirrors, one bare repository per project (`<dir>/<projectId>.git`): builds fetch into
// them with the user's token, and containers get a commit's tree from them as a tar, never a clone.
import { rm } from 'node:fs/promises';
import { SourceError, type FetchRequest, type SourceRepository } from '../core/ports.js';
import { archiveStream } from './export-tree.js';
import { fetchIntoMirror } from './fetch-mirror.js';
import { KeyedQueue } from '../shared/keyed-queue.js';
import { checkSha, mirrorPathOf } from './mirror-names.js';
import { mirrorExists } from './mirror-setup.js';
import { objectIdsAt } from './object-ids.js';
import { runGit } from './run-git.js';

export interface GitMirrorsOptions {
  /** The folder holding the mirrors. Created on the first fetch. */
  readonly dir: string;
  /** A fetch still running after this long is stopped and fails. Default 10 minutes. */
  readonly fetchTimeoutMs?: number;
}

const DEFAULT_FETCH_TIMEOUT_MS = 10 * 60_000;

export class GitMirrors implements SourceRepository {
  readonly #dir: string;
  readonly #fetchTimeoutMs: number;
  /** Fetches and removals of one mirror never overlap; reads need no turn (git reads are safe during a fetch). */
  readonly #turns = new KeyedQueue();

  constructor(options: GitMirrorsOptions) {
    this.#dir = options.dir;
    this.#fetchTimeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  }

  async fetch(request: FetchRequest, onProgress: (line: string) => void): Promise<void> {
    const mirror = mirrorPathOf(this.#dir, request.projectId);
    await this.#turns.run(request.projectId, () =>
      fetchIntoMirror({ mirror, request, timeoutMs: this.#fetchTimeoutMs, onProgress }),
    );
  }

  async exportTree(projectId: string, sha: string): Promise<NodeJS.ReadableStream> {
    return archiveStream(await this.#existingMirror(projectId, sha), sha);
  }

  async objectIds(
    projectId: string,
    sha: string,
    paths: readonly string[],
  ): Promise<Record<string, string | null>> {
    return objectIdsAt(await this.#existingMirror(projectId, sha), sha, paths);
  }

  async commitMessage(projectId: string, sha: string): Promise<string> {
    const mirror = await this.#existingMirror(projectId, sha);
    const result = await runGit(['--git-dir', mirror, 'log', '-1', '--format=%B', sha], {
      timeoutMs: 30_000,
    });
    if (result.code !== 0)
      throw new SourceError(`reading the message of ${sha} failed:\n${result.stderr.trim()}`);
    return result.stdout.toString('utf8').trimEnd();
  }

  async remove(projectId: string): Promise<void> {
    const mirror = mirrorPathOf(this.#dir, projectId);
    await this.#turns.run(projectId, () => rm(mirror, { recursive: true, force: true, maxRetries: 3 }));
  }

  async #existingMirror(projectId: string, sha: string): Promise<string> {
    const mirror = mirrorPathOf(this.#dir, projectId);
    checkSha(sha);
    if (!(await mirrorExists(mirror))) {
      throw new SourceError(`There is no git mirror for project ${projectId} yet; fetch the commit first.`);
    }
    return mirror;
  }
}
