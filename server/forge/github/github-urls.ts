// Where GitHub's two faces are for a configured base URL: github.com keeps its API on another host;
// GitHub Enterprise Server (and the stand-in, which poses as one) serves it at `<root>/api/v3`.
import { ForgeError } from '../../core/ports.js';

export interface GitHubEndpoints {
  /** Web root: OAuth pages and endpoints, repository pages. */
  readonly web: string;
  /** REST API root (Octokit's `baseUrl`). */
  readonly api: string;
}

export function gitHubEndpoints(baseUrl: string): GitHubEndpoints {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ForgeError('invalid', `The GitHub URL "${baseUrl}" is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ForgeError('invalid', `The GitHub URL "${baseUrl}" must start with https:// or http://.`);
  }
  const host = url.hostname.toLowerCase();
  if (host === 'github.com' || host === 'www.github.com' || host === 'api.github.com') {
    return { web: 'https://github.com', api: 'https://api.github.com' };
  }
  // Accept the API URL too, since GHES documentation often hands that one out.
  const root = `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/api\/v3$/, '');
  return { web: root, api: `${root}/api/v3` };
}
