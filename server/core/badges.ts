// Build badges: a branch's newest build as "passing", "failing", … ("unknown" when never built).
// Public projects' badges are public; a private project's needs its badge token, so a badge never
// tells a stranger that a private repository exists or how it builds.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { BadgeDto, BadgeStatus, BuildStatus } from '../contract/dto.js';
import { CoreError, notFound } from './errors.js';
import type { SecretStore, Store } from './ports.js';

/** How far back a branch's newest build is looked for: a branch quiet for this many builds is "unknown". */
const searchedBuilds = 500;

const statusWords: Record<BuildStatus, BadgeStatus> = {
  pending: 'pending',
  success: 'passing',
  failure: 'failing',
  error: 'error',
  cancelled: 'cancelled',
};

export class Badges {
  readonly #store: Store;
  readonly #secrets: SecretStore;
  readonly #publicUrl: () => string | null;

  constructor(store: Store, secrets: SecretStore, publicUrl: () => string | null) {
    this.#store = store;
    this.#secrets = secrets;
    this.#publicUrl = publicUrl;
  }

  async statusOf(fullName: string, branch: string, token: string | null): Promise<BadgeStatus | null> {
    const wanted = fullName.toLowerCase();
    const project = this.#store.listProjects().find((p) => p.fullName.toLowerCase() === wanted);
    if (!project) return null;
    if (project.isPrivate) {
      const expected = await this.#secrets.get(`badge-token:${project.id}`);
      if (!expected || !token || !sameText(expected, token)) return null;
    }
    for (let page = 1; page <= searchedBuilds / 50; page++) {
      const { builds, total } = await this.#store.listBuilds(project.id, page, 50);
      const newest = builds.find((build) => build.ref === branch);
      if (newest) return statusWords[newest.status];
      if (page * 50 >= total) break;
    }
    return 'unknown';
  }

  async badgeOf(projectId: string, branch: string): Promise<BadgeDto> {
    const project = this.#store.getProject(projectId);
    if (!project) throw notFound(`Project ${projectId}`);
    const publicUrl = this.#publicUrl();
    if (!publicUrl) {
      throw new CoreError('conflict', 'Badges are served on the public URL: set one in Settings first.');
    }
    const query = new URLSearchParams({ branch });
    if (project.isPrivate) query.set('token', await this.#tokenOf(projectId));
    const imageUrl = `${publicUrl}/badges/${project.fullName}.svg?${query}`;
    return { imageUrl, markdown: `![${branch}: build status](${imageUrl})` };
  }

  async #tokenOf(projectId: string): Promise<string> {
    const name = `badge-token:${projectId}`;
    const saved = await this.#secrets.get(name);
    if (saved) return saved;
    const token = randomBytes(18).toString('base64url');
    await this.#secrets.set(name, token);
    return token;
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
