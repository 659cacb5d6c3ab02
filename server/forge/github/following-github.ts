// GitHub as the settings name it (github.com or an Enterprise Server), re-created when that changes,
// so a changed `githubUrl` takes effect without a restart.
import type { Forge } from '../../core/ports.js';
import { GitHubForge } from './github-forge.js';

export interface OAuthAppCredentials {
  readonly clientId: string | null;
  readonly clientSecret: string | null;
}

export function followingGitHub(baseUrl: () => string, app: OAuthAppCredentials): () => Forge {
  let current: { url: string; forge: Forge } | null = null;
  return () => {
    const url = baseUrl();
    if (current?.url !== url) {
      current = { url, forge: new GitHubForge({ baseUrl: url, clientId: app.clientId, clientSecret: app.clientSecret }) };
    }
    return current.forge;
  };
}
