// Octokit's response shapes stop here: only the fields we read are declared, and each is mapped to
// the port's own readonly types.
import type { ForgeRepository, ForgeUser, ForgeWebhook, HookDelivery } from '../../core/ports.js';

interface ApiAccount {
  readonly id: number;
  readonly login: string;
  readonly name?: string | null;
  readonly avatar_url?: string | null;
  readonly email?: string | null;
}

interface ApiPermissions {
  readonly admin?: boolean;
  readonly maintain?: boolean;
  readonly push?: boolean;
  readonly triage?: boolean;
  readonly pull?: boolean;
}

interface ApiRepository {
  readonly id: number;
  readonly name: string;
  readonly full_name: string;
  readonly owner: { readonly login: string };
  readonly private: boolean;
  readonly clone_url?: string;
  readonly html_url: string;
  readonly default_branch?: string;
  readonly permissions?: ApiPermissions;
}

interface ApiHook {
  readonly id: number;
  readonly active: boolean;
  readonly events: readonly string[];
  readonly config: { readonly url?: string; readonly content_type?: string };
}

export function toForgeUser(account: ApiAccount): ForgeUser {
  return {
    githubId: account.id,
    login: account.login,
    name: account.name || null,
    avatarUrl: account.avatar_url || null,
    email: account.email || null,
  };
}

/** Older GitHub Enterprise versions omit `maintain` and `triage`; they follow from the others. */
export function toPermissions(permissions: ApiPermissions | undefined): ForgeRepository['permissions'] {
  const admin = permissions?.admin ?? false;
  const push = permissions?.push ?? false;
  return {
    admin,
    maintain: permissions?.maintain ?? admin,
    push,
    triage: permissions?.triage ?? push,
    pull: permissions?.pull ?? false,
  };
}

export function toForgeRepository(repo: ApiRepository, webUrl: string): ForgeRepository {
  return {
    githubId: repo.id,
    fullName: repo.full_name,
    ownerLogin: repo.owner.login,
    name: repo.name,
    isPrivate: repo.private,
    cloneUrl: repo.clone_url ?? `${webUrl}/${repo.full_name}.git`,
    htmlUrl: repo.html_url,
    defaultBranch: repo.default_branch || null,
    permissions: toPermissions(repo.permissions),
  };
}

export function toForgeWebhook(hook: ApiHook): ForgeWebhook {
  return {
    id: hook.id,
    url: hook.config.url ?? '',
    events: [...hook.events],
    active: hook.active,
    contentType: hook.config.content_type ?? 'form',
  };
}

interface ApiHookDelivery {
  readonly id: number;
  readonly guid: string;
  readonly delivered_at: string;
  readonly redelivery: boolean;
  readonly status_code: number;
  readonly event: string;
  readonly action: string | null;
}

export function toHookDelivery(delivery: ApiHookDelivery): HookDelivery {
  return {
    id: delivery.id,
    guid: delivery.guid,
    deliveredAt: delivery.delivered_at,
    redelivery: delivery.redelivery,
    statusCode: delivery.status_code,
    event: delivery.event,
    action: delivery.action,
  };
}

/** The `cursor` of the `rel="next"` link GitHub pages deliveries with, or null on the last page. */
export function nextCursorOf(link: string | undefined): string | null {
  const next = link?.split(',').find((part) => /rel="next"/.test(part));
  const url = next && /<([^>]+)>/.exec(next)?.[1];
  if (!url) return null;
  try {
    return new URL(url).searchParams.get('cursor');
  } catch {
    return null;
  }
}
