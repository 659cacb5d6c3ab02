// The composition root: picks an adapter for each of the core's ports and wires them to the core's
// parts. Both hosts (Electron main and headless Node) call createCore and talk to the result through
// `dispatch` and `subscribe`. Policies live in the core's own modules; nothing here decides anything.
import { join } from 'node:path';
import type { ProjectDto, SecretProtectionDto } from '../contract/dto.js';
import { appStatus, type AppIdentity } from '../core/app-status.js';
import { Badges } from '../core/badges.js';
import { buildLinkOf } from '../core/build-links.js';
import { BuildNotices } from '../core/build-notices.js';
import { buildStateOf } from '../core/build-state.js';
import type { Config } from '../core/config.js';
import { exposeCore, type Core } from '../core/core-api.js';
import { reactToEvents } from '../core/event-reactions.js';
import { EventBus } from '../core/event-bus.js';
import { FailureMail } from '../core/failure-mail.js';
import { GitHubAccounts } from '../core/github-use-cases/github-accounts.js';
import { HookWebhooks } from '../core/github-use-cases/hook-webhooks.js';
import { Repositories } from '../core/github-use-cases/repositories.js';
import { SignIn } from '../core/github-use-cases/sign-in.js';
import { StatusPoster } from '../core/github-use-cases/status-poster.js';
import { Tokens } from '../core/github-use-cases/tokens.js';
import { DeliveryCatchUp } from '../core/github-use-cases/delivery-catch-up.js';
import { WebhookIntake } from '../core/github-use-cases/webhook-intake.js';
import { commandHandlers } from '../core/handlers.js';
import { Hooks } from '../core/hooks.js';
import { instanceIdOf } from '../core/instance-id.js';
import { LogAccess } from '../core/log-access.js';
import { ManualBuilds } from '../core/manual-builds.js';
import { managedLabels, type Forge, type JobEngine, type Logger, type OpenTunnel, type SecretStore } from '../core/ports.js';
import { ProjectAdmin } from '../core/project-admin.js';
import { ProjectQueries } from '../core/project-queries.js';
import { PublicAddress } from '../core/public-address.js';
import { InstallCache } from '../core/runner/install-cache.js';
import { JobPublisher } from '../core/runner/job-publisher.js';
import { label } from '../core/runner/labels.js';
import { Scheduler } from '../core/runner/scheduler.js';
import { Settings } from '../core/settings.js';
import { StatusWatch } from '../core/status-watch.js';
import { Access } from '../core/team/access.js';
import { Members } from '../core/team/members.js';
import { sweepSessionsDaily } from '../core/team/session-sweep.js';
import { TeamSessions } from '../core/team/team-sessions.js';
import { TunnelKeeper } from '../core/tunnel-keeper.js';
import { WebhookReachability, webhookInstance } from '../core/webhook-reachability.js';
import { watchPublicUrl } from '../core/webhook-repointing.js';
import { followingDockerEngine } from '../engine/docker/following-docker-engine.js';
import { followingGitHub } from '../forge/github/following-github.js';
import { GitMirrors } from '../git/git-mirrors.js';
import { listenForOAuthCallback } from '../http/oauth-callback.js';
import { JobLogFiles } from '../logs/job-log-files.js';
import { smtpMail } from '../mail/smtp-mail.js';
import { createDispatcher } from '../rpc/dispatcher.js';
import { openStore } from '../store/open-store.js';
import { openLocaltunnel } from '../tunnel/localtunnel-tunnel.js';

export type { Core };

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

export async function createCore(host: HostContext, config: Config): Promise<Core> {
  const log = host.log;
  const store = await openStore({ dir: host.dataDir, deriveBuildState: buildStateOf });
  const events = new EventBus((error) => log.error('An event listener failed', error));
  const settings = new Settings(store, config, events);
  const current = () => settings.current();
  const identity: AppIdentity = {
    version: host.version,
    host: host.kind,
    dataDir: host.dataDir,
    secrets: host.secretProtection ?? { kind: 'key-file', detail: 'a headless server keeps its key in secret.key' },
    startedAt: new Date().toISOString(),
  };
  const engine = host.engine ?? followingDockerEngine(() => current().dockerHost);
  const forge = host.forge ? () => host.forge! : followingGitHub(() => current().githubUrl, {
    clientId: config.githubClientId,
    clientSecret: config.githubClientSecret,
  });
  const canSignIn = host.forge !== undefined || config.githubClientId !== null;
  const tunnel = new TunnelKeeper({ open: host.openTunnel ?? openLocaltunnel, settings: current, events, log });
  const address = new PublicAddress(current, tunnel);
  const publicUrl = () => address.webhooks();
  const reachability = new WebhookReachability({
    publicUrl,
    whyNoUrl: () => address.whyNoTunnelAddress(),
    port: config.port,
    instance: webhookInstance,
  });
  const status = () => appStatus(identity, engine, reachability, tunnel);
  const statusWatch = new StatusWatch({
    status,
    events,
    reachability,
    suspectTunnel: (why) => tunnel.suspect(why),
    warn: log.warn,
    woke: () => void catchUp.run('the machine woke'),
  });
  const logs = new JobLogFiles({ dir: host.dataDir, onError: (error) => log.error('A job log failed', error) });
  const sources = new GitMirrors({ dir: join(host.dataDir, 'mirrors') });
  const tokens = new Tokens(host.secrets);
  const publisher = new JobPublisher(store, events);
  const scheduler = new Scheduler({
    store,
    engine,
    sources,
    logs,
    cache: new InstallCache(engine, store),
    settings: current,
    credentials: host.credentials ?? ((project) => tokens.sourceCredentials(project)),
    log,
    changed: (job) => publisher.publish(job),
    instanceLabels: { ...managedLabels, [label.instance]: await instanceIdOf(host.dataDir) },
    skipMarkerOf: (message) => forge().findSkipMarker(message),
  });
  const signIn = new SignIn({
    store,
    tokens,
    forge,
    events,
    log,
    githubUrl: () => current().githubUrl,
    canSignIn,
    canUseBrowser: config.githubClientSecret !== null,
    listen: listenForOAuthCallback,
  });
  const webhooks = new HookWebhooks(store, tokens, forge, publicUrl);
  const access = new Access(store);
  const accounts = new GitHubAccounts({ store, tokens, signIn, log });
  const repositories = new Repositories(store, accounts, forge);
  const members = new Members({ store, forge, accounts, access });
  const statuses = new StatusPoster({
    store,
    tokens,
    forge,
    detailsUrl: (projectId, number) => address.detailsUrl(projectId, number),
    log,
    tokenRefused: (error, githubId) => void accounts.refused(error, githubId),
  });
  const sessions = new TeamSessions({
    store,
    tokens,
    forge,
    repositories,
    members,
    log,
    githubUrl: () => current().githubUrl,
    canSignIn,
    openToOthers: host.kind === 'headless' && !['127.0.0.1', 'localhost', '::1'].includes(config.uiHost),
    // Statuses that waited for this person's token (projects they own) go out now.
    signedIn: () => void statuses.catchUp().catch((e: unknown) => log.warn(`Commit statuses after a sign-in: ${e}`)),
  });
  await signIn.adoptLegacyHost();
  const stopSessionSweep = await sweepSessionsDaily(sessions, log);
  const hooks = new Hooks({ store, events, webhooks, accounts, tokens });
  const intake = new WebhookIntake({
    store,
    tokens,
    forge,
    enqueue: (id) => scheduler.enqueue(id),
    // A new build is shown (and its status posted) at once, even when it waits for a free slot.
    created: (job) => publisher.publish(job),
    log,
  });
  const catchUp = new DeliveryCatchUp({
    store,
    tokens,
    forge,
    intake,
    events,
    log,
    tokenRefused: (error, githubId) => void accounts.refused(error, githubId),
  });
  // E-mail is for a team server: on the desktop the one person there gets desktop notifications.
  const failureMail = new FailureMail({
    store,
    send: host.kind === 'headless' && config.smtpUrl ? smtpMail(config.smtpUrl, config.mailFrom) : null,
    enabled: () => current().emailNotifications,
    detailsUrl: (projectId, number) => address.detailsUrl(projectId, number),
    log,
  });
  reactToEvents({ events, statuses, notices: new BuildNotices(store, events), failureMail, log });
  watchPublicUrl(publicUrl, events, store, hooks, log);

  /** Woken from sleep, or back on the network: checked again, and what GitHub could not deliver read back. */
  const recheck = () => {
    void catchUp.run('a re-check');
    return statusWatch.recheck();
  };
  const logAccess = new LogAccess(store, logs);
  const badges = new Badges(store, host.secrets, publicUrl);
  const handlers = commandHandlers({
    logs: logAccess,
    badges,
    status,
    recheck,
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
      log,
      webhooks,
      tokens,
      logs,
      sources,
      cancelJobs: (projectId) => scheduler.cancelProject(projectId),
    }),
  });
  await scheduler.start();
  void statuses.catchUp().catch((e: unknown) => log.warn(`Commit statuses after start-up: ${e}`));
  void catchUp.run('start-up');

  return exposeCore({
    dispatch: createDispatcher(handlers, (error) => log.error('A command failed unexpectedly', error)),
    events,
    access,
    logs: logAccess,
    callerOf: (sessionToken) => sessions.callerOf(sessionToken),
    stillSignedIn: (caller) => sessions.stillSignedIn(caller),
    webhooksListening: (port) => tunnel.listening(port),
    settings: current,
    status,
    recheck,
    receiveWebhook: (delivery) => intake.receive(delivery),
    lookUpBadge: (fullName, branch, token) => badges.statusOf(fullName, branch, token),
    lookUpBuildLink: (projectId, number) => buildLinkOf(store, projectId, number),
    stop: async () => {
      statusWatch.close();
      await catchUp.close();
      stopSessionSweep();
      tunnel.close();
      failureMail.close();
      signIn.close();
      statuses.close();
      await scheduler.close();
      await store.close();
    },
  });
}
