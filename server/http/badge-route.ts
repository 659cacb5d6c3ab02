import { makeBadge } from 'badge-maker';
import type { BadgeStatus } from '../contract/dto.js';
import type { LookUpBadge } from '../core/ports.js';
import { sendText } from './respond.js';
import type { PublicRoute } from './webhook-server.js';

const colors: Record<BadgeStatus, string> = {
  passing: 'brightgreen',
  failing: 'red',
  error: 'lightgrey',
  pending: 'yellow',
  cancelled: 'lightgrey',
  unknown: 'lightgrey',
};

/** `GET /badges/<owner>/<repo>.svg?branch=<name>[&token=…]`: the branch's build status as an SVG. */
export function badgeRoute(lookUp: LookUpBadge): PublicRoute {
  return async (request, response, url) => {
    const match = /^\/badges\/([^/]+)\/([^/]+)\.svg$/.exec(url.pathname);
    if (!match || request.method !== 'GET') return false;
    let fullName: string;
    try {
      fullName = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
    } catch {
      sendText(response, 404, 'Not found.\n');
      return true;
    }
    const branch = url.searchParams.get('branch') || 'main';
    const status = await lookUp(fullName, branch, url.searchParams.get('token'));
    // A private project without its token looks exactly like no project at all.
    if (status === null) {
      sendText(response, 404, 'Not found.\n');
      return true;
    }
    const svg = makeBadge({ label: 'build', message: status, color: colors[status] });
    response.writeHead(200, {
      'content-type': 'image/svg+xml; charset=utf-8',
      // Badges change with every build; GitHub's image proxy honours this.
      'cache-control': 'no-cache, max-age=0',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    response.end(svg);
    return true;
  };
}
