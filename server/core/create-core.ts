// The single composition root: the only core file that knows every adapter. Both hosts (Electron
// main and headless Node) call createCore and talk to the result through `dispatch` and `subscribe`.
import { join } from 'node:path';
import { DockerEngine } from '../engine/docker/docker-engine.js';
import { GitHubForge } from '../forge/github/github-forge.js';
import { GitMirrors } from '../git/git-mirrors.js';
import { JobLogFiles } from '../logs/job-log-files.js';
import { listenForOAuthCallback } from '../http/oauth-callback.js';
import { createDispatcher } from '../rpc/dispatcher.js';
import { openStore } from '../store/open-store.js';
import { appStatus, type AppIdentity } from './app-status.js';
import { buildStateOf } from './build-state.js';
import { buildDetailsUrl, buildLinkOf } from './build-links.js';
import { BuildNotices } from './build-notices.js';
import { FailureMail } from './failure-mail.js';
import { smtpMail } from '../mail/smtp-mail.js';
import type { Config } from './config.js';
import { EventBus } from './event-bus.js';
import { commandHandlers } from './handlers.js';
import { Badges } from './badges.js';
import { Hooks } from './hooks.js';
import { LogAccess } from './log-access.js';
import type {
  AuthStatusDto,
  BuildNoticeDto,
  BuildSummaryDto,
  ProjectDto,
  SecretProtectionDto,
} from '../contract/dto.js';
import { HookWebhooks } from './github-use-cases/hook-webhooks.js';
import { ProjectAdmin } from './project-admin.js';
import { Repositories } from './github-use-cases/repositories.js';
import { SignIn } from './github-use-cases/sign-in.js';
import { StatusPoster } from './github-use-cases/status-poster.js';
import { Tokens } from './github-use-cases/tokens.js';
import { WebhookIntake } from './github-use-cases/webhook-intake.js';
import { ManualBuilds } from './manual-builds.js';
import { managedLabels, operator } from './ports.js';
import type { Forge, JobEngine, Logger, OpenTunnel, SecretStore, Store } from './ports.js';
import { ProjectQueries } from './project-queries.js';
import { InstallCache } from './runner/install-cache.js';
import { JobPublisher } from './runner/job-publisher.js';
import { label } from './runner/labels.js';
import { Scheduler } from './runner/scheduler.js';
import { Settings } from './settings.js';
import { instanceIdOf } from './instance-id.js';
import { watchPublicUrl } from './webhook-repointing.js';
import { StatusWatch } from './status-watch.js';
import { TunnelKeeper } from './tunnel-keeper.js';
import { openLocaltunnel } from '../tunnel/localtunnel-tunnel.js';
import { Access } from './team/access.js';
import { eventFor } from './team/teammate-views.js';
import { GitHubAccounts } from './github-use-cases/github-accounts.js';
import { Members } from './team/members.js';
import { TeamSessions } from './team/team-sessions.js';
import { WebhookReachability, webhookInstance } from './webhook-reachability.js';

export interface HostContext {
  readonly kind: 'desktop' | 'headless';
  readonly dataDir: string;
  readonly version: string;
  readonly log: Logger;
  /** Tests and demo mode run jobs on another engine; by default the Docker engine of the settings. */
  readonly engine?: JobEngine;
  /** Tokens and webhook secrets, encrypted at rest the host's way (keychain on the desktop, key file headless). */
  readonly secrets: SecretStore;
  /** How `secrets` protects them, for Settings; a key file when not said. */
  readonly secretProtection?: SecretProtectionDto;
  /** Tests and demo mode talk to another GitHub; by default the one of the settings. */
  readonly forge?: Forge;

  /** Tests open tunnels another way; by default through a localtunnel server. */
  readonly openTunnel?: OpenTunnel;
  /** Credentials for fetching a project's source; by default the token of the project's owner. */
  readonly credentials?: (project: ProjectDto) => Promise<{ username: string; password: string } | null>;
}

import type { Core } from './core-api.js';

export type { Core };

export async function createCore(host: HostContext, config: Config): Promise<Core> {
  const store: Store = await openStore({ dir: host.dataDir, deriveBuildState: buildStateOf });
  const events = new EventBus((error) => host.log.error('An event listener failed', error));
  const settings = new Settings(store, config, events);
  const identity: AppIdentity = {
    version: host.version,
    host: host.kind,
    dataDir: host.dataDir,
    secrets: host.secretProtection ?? {
      kind: 'key-file',
      detail: 'a headless server keeps its key in secret.key',
    },
    startedAt: new Date().toISOString(),
  };
  const engine = host.engine ?? followingDockerEngine(() => settings.current().dockerHost);
  const tunnel = new TunnelKeeper({
    open: host.openTunnel ?? openLocaltunnel,
    settings: () => settings.current(),
    events,
    log: host.log,
  });
  /** Where GitHub reaches this Kozmic: the tunnel's address while one is wanted, else the setting. */
  const publicUrl = (): string | null => {
    const current = settings.current();
    return current.tunnel ? tunnel.url() : current.publicUrl;
  };
  const webhookReachability = new WebhookReachability({
    publicUrl,
    whyNoUrl: () =>
      settings.current().tunnel
        ? `The tunnel is not open yet, so GitHub cannot deliver webhooks. ${tunnel.status().problem ?? ''}`.trim()
        : null,
    port: config.port,
    instance: webhookInstance,
  });
  const status = () => appStatus(identity, engine, webhookReachability, tunnel);
  events.subscribe((name) => {
    if (name === 'settings.changed') tunnel.settingsChanged();
  });
  const statusWatch = new StatusWatch({
    status,
    events,
    reachability: webhookReachability,
    suspectTunnel: (why) => tunnel.suspect(why),
    warn: host.log.warn,
  });
  const logs = new JobLogFiles({
    dir: host.dataDir,
    onError: (error) => host.log.error('A job log failed', error),
  });
  const sources = new GitMirrors({ dir: join(host.dataDir, 'mirrors') });
  const tokens = new Tokens(host.secrets);
  const forge = host.forge ? () => host.forge! : followingGitHub(() => settings.current().githubUrl, config);
  const ownerCredentials = async (project: ProjectDto) => {
    const token = await tokens.token(project.ownerGithubId);
    return token ? { username: 'x-access-token', password: token } : null;
  };
  const publisher = new JobPublisher(store, events);
  const scheduler = new Scheduler({
    store,
    engine,
    sources,
    logs,
    cache: new InstallCache(engine, store),
    settings: () => settings.current(),
    credentials: host.credentials ?? ownerCredentials,
    log: host.log,
    changed: (job) => publisher.publish(job),
    instanceLabels: { ...managedLabels, [label.instance]: await instanceIdOf(host.dataDir) },
    skipMarkerOf: (message) => forge().findSkipMarker(message),
  });
  const signIn = new SignIn({
    store,
    tokens,
    forge,
    events,
    log: host.log,
    githubUrl: () => settings.current().githubUrl,
    canSignIn: host.forge !== undefined || config.githubClientId !== null,
    canUseBrowser: config.githubClientSecret !== null,
    listen: listenForOAuthCallback,
  });
  const webhooks = new HookWebhooks(store, tokens, forge, publicUrl);
  const access = new Access(store);
  const accounts = new GitHubAccounts({ store, tokens, signIn, log: host.log });
  const repositories = new Repositories(store, accounts, forge);
  const members = new Members({ store, forge, accounts, access });
  const sessions = new TeamSessions({
    store,
    tokens,
    forge,
    repositories,
    members,
    log: host.log,
    githubUrl: () => settings.current().githubUrl,
    canSignIn: host.forge !== undefined || config.githubClientId !== null,
    openToOthers: host.kind === 'headless' && !['127.0.0.1', 'localhost', '::1'].includes(config.uiHost),
    // Statuses that waited for this person's token (projects they own) go out now.
    signedIn: () =>
      void statuses.catchUp().catch((e: unknown) => host.log.warn(`Commit statuses after a sign-in: ${e}`)),
  });
  await signIn.adoptLegacyHost();
  await sessions.sweep();
  const sweepSessions = setInterval(
    () => void sessions.sweep().catch((e: unknown) => host.log.warn(`Ending expired sessions: ${e}`)),
    24 * 60 * 60_000,
  );
  sweepSessions.unref();
  const hooks = new Hooks({ store, events, webhooks, accounts, tokens });
  const intake = new WebhookIntake({
    store,
    tokens,
    forge,
    enqueue: (id) => scheduler.enqueue(id),
    // A new build is shown (and its status posted) at once, even when it waits for a free slot.
    created: (job) => publisher.publish(job),
    log: host.log,
  });
  const detailsUrl = (projectId: string, number: number) =>
    buildDetailsUrl({ ui: settings.current().uiPublicUrl, webhooks: publicUrl() }, projectId, number);
  const statuses = new StatusPoster({
    store,
    tokens,
    forge,
    detailsUrl,
    log: host.log,
    tokenRefused: (error, githubId) => void accounts.refused(error, githubId),
  });
  const notices = new BuildNotices(store, events);
  // E-mail is for a team server: on the desktop the one person there gets desktop notifications.
  const failureMail = new FailureMail({
    store,
    send: host.kind === 'headless' && config.smtpUrl ? smtpMail(config.smtpUrl, config.mailFrom) : null,
    enabled: () => settings.current().emailNotifications,
    detailsUrl,
    log: host.log,
  });
  events.subscribe((name, payload) => {
    // Statuses that waited for a sign-in go out once someone is signed in again.
    if (name === 'auth.changed' && (payload as AuthStatusDto).account) {
      void statuses.catchUp().catch((e: unknown) => host.log.warn(`Commit statuses after sign-in: ${e}`));
    }
    if (name === 'build.notice') {
      void failureMail
        .noticed(payload as BuildNoticeDto)
        .catch((e: unknown) => host.log.warn(`Failure e-mail: ${e}`));
    }
    if (name === 'build.changed') {
      void statuses
        .buildChanged(payload as BuildSummaryDto)
        .catch((e: unknown) => host.log.warn(`Commit status: ${e}`));
      void notices
        .buildChanged(payload as BuildSummaryDto)
        .catch((e: unknown) => host.log.warn(`Build notice: ${e}`));
    }
  });
  watchPublicUrl(publicUrl, events, store, hooks, host.log);

  const logAccess = new LogAccess(store, logs);
  const badges = new Badges(store, host.secrets, publicUrl);
  const handlers = commandHandlers({
    logs: logAccess,
    badges,
    status,
    recheck: () => statusWatch.recheck(),
    settings,
    projects: new ProjectQueries(store),
    hooks,
    scheduler,
    signIn,
    repositories,
    access,
    members,
    sessions,
    manualBuilds: new ManualBuilds({
      store,
      forge,
      accounts,
      enqueue: (jobId) => scheduler.enqueue(jobId),
      publish: (job) => publisher.publish(job),
      restart: (jobId) => scheduler.restart(jobId),
    }),
    projectAdmin: new ProjectAdmin({
      store,
      events,
      accounts,
      repositories,
      members,
      log: host.log,
      webhooks,
      tokens,
      logs,
      sources,
      cancelJobs: (projectId) => scheduler.cancelProject(projectId),
    }),
  });
  const dispatch = createDispatcher(handlers, (error) =>
    host.log.error('A command failed unexpectedly', error),
  );
  await scheduler.start();
  void statuses.catchUp().catch((e: unknown) => host.log.warn(`Commit statuses after start-up: ${e}`));

  let closed: Promise<void> | null = null;
  return {
    dispatch,
    subscribe: (listener, caller = operator) =>
      events.subscribe((name, payload) => {
        if (access.canReceive(caller, name, payload)) listener(name, eventFor(caller, name, payload));
      }),
    callerOf: (sessionToken) => sessions.callerOf(sessionToken),
    stillSignedIn: (caller) => sessions.stillSignedIn(caller),
    webhooksListening: (port) => tunnel.listening(port),
    settings: () => settings.current(),
    status,
    enqueue: (jobId) => scheduler.enqueue(jobId),
    recheck: () => statusWatch.recheck(),
    receiveWebhook: (delivery) => intake.receive(delivery),
    lookUpBadge: (fullName, branch, token) => badges.statusOf(fullName, branch, token),
    lookUpBuildLink: (projectId, number) => buildLinkOf(store, projectId, number),
    subscribeLog: async (request, send, bufferedBytes, caller = operator) => {
      access.requireRole(caller, { jobId: request.jobId }, 'view');
      return logAccess.subscribe(request, send, bufferedBytes);
    },
    store,
    logs,
    close: () => {
      closed ??= (async () => {
        statusWatch.close();
        clearInterval(sweepSessions);
        tunnel.close();
        failureMail.close();
        signIn.close();
        statuses.close();
        await scheduler.close();
        await store.close();
      })();
      return closed;
    },
  };
}

/** The Docker engine named by the settings, re-created when the user points Kozmic at another one. */
function followingDockerEngine(endpoint: () => string | null): JobEngine {
  let current = new DockerEngine(endpoint());
  let currentSetting = endpoint();
  const engine = (): DockerEngine => {
    if (endpoint() !== currentSetting) {
      currentSetting = endpoint();
      current = new DockerEngine(currentSetting);
    }
    return current;
  };
  return {
    probe: () => engine().probe(),
    prepareImage: (reference, onProgress, signal) => engine().prepareImage(reference, onProgress, signal),
    imageHasUser: (imageId, user) => engine().imageHasUser(imageId, user),
    startContainer: (spec, onOutput) => engine().startContainer(spec, onOutput),
    startStep: (spec, onOutput) => engine().startStep(spec, onOutput),
    commit: (containerId, labels) => engine().commit(containerId, labels),
    removeContainer: (containerId) => engine().removeContainer(containerId),
    listImages: (labels) => engine().listImages(labels),
    removeImage: (imageId) => engine().removeImage(imageId),
    listContainers: (labels) => engine().listContainers(labels),
  };
}

/** GitHub as the settings name it (github.com or an Enterprise Server), re-created when that changes. */
function followingGitHub(baseUrl: () => string, config: Config): () => Forge {
  let current: { url: string; forge: Forge } | null = null;
  return () => {
    const url = baseUrl();
    if (current?.url !== url) {
      current = {
        url,
        forge: new GitHubForge({
          baseUrl: url,
          clientId: config.githubClientId,
          clientSecret: config.githubClientSecret,
        }),
      };
    }
    return current.forge;
  };
}
