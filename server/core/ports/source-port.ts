// The SourceRepository port: git mirrors on the host.

export interface FetchRequest {
  readonly projectId: string;
  /** HTTPS clone URL. Credentials are passed to git out of band, never in the URL or a log. */
  readonly cloneUrl: string;
  readonly credentials: { readonly username: string; readonly password: string } | null;
  /** What to fetch, e.g. `refs/heads/main` or `refs/pull/7/head`. */
  readonly ref: string;
  readonly sha: string;
}

/**
 * Per-project git mirrors on the host. `fetch` is idempotent and serialised per project; the other
 * calls need the commit to have been fetched. Failures are `SourceError` carrying git's own message
 * with any credential removed.
 */
export interface SourceRepository {
  /** Makes sure the mirror holds `sha` (cloning the mirror the first time). */
  fetch(request: FetchRequest, onProgress: (line: string) => void): Promise<void>;
  /** The commit's tree as a tar stream, paths relative to the repository root. */
  exportTree(projectId: string, sha: string): Promise<NodeJS.ReadableStream>;
  /** Git object ids at the commit: blob id for a file, tree id for a directory (`.` is the root), null when missing. */
  objectIds(projectId: string, sha: string, paths: readonly string[]): Promise<Record<string, string | null>>;
  /** The commit's full message. */
  commitMessage(projectId: string, sha: string): Promise<string>;
  /** Deletes the project's mirror. Idempotent. */
  remove(projectId: string): Promise<void>;
}

export class SourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceError';
  }
}
