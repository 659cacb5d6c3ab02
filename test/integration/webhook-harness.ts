// A core in this process with one project and one hook, behind the hosts' webhook listener, for the
// intake's security tests, fuzzing and benchmark. Jobs run on the fake engine: the intake is the subject.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { readConfig } from '../../server/core/config.js';
import { buildStateOf } from '../../server/core/build-state.js';
import { operator } from '../../server/core/ports.js';
import { FakeEngine } from '../../server/engine/fake/fake-engine.js';
import { GitHubForge } from '../../server/forge/github/github-forge.js';
import type { RunningWebhookServer, WebhookServerOptions } from '../../server/http/webhook-server.js';
import { createCore, type Core } from '../../server/host/create-core.js';
import { startWebhookListener } from '../../server/host/webhook-listener.js';
import { openStore } from '../../server/store/open-store.js';
import { KeyFileSecretStore } from '../../server/secrets/key-file-secret-store.js';
import { makeDataDir, removeDataDir } from './headless-process.js';

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as readonly {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}[];

export const hookSecret = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6';

export interface WebhookHarness {
  readonly core: Core;
  readonly dataDir: string;
  readonly url: string;
  readonly port: number;
  readonly hookId: string;
  readonly projectId: string;
  readonly repoId: number;
  /** A real push payload (from GitHub's examples) for this project's repository, at `sha`. */
  pushPayload(sha: string, message?: string): Record<string, unknown>;
  send(
    body: string | Uint8Array,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: string }>;
  sign(body: string | Uint8Array, secret?: string): string;
  builds(): Promise<number>;
  close(): Promise<void>;
}

/** How the webhook server reports: by default errors go to the console and nothing else is said. */
export type HarnessServerOptions = Partial<
  Pick<WebhookServerOptions, 'onError' | 'onWarning' | 'clientMistakeSummaryMs'>
>;

export async function createWebhookHarness(
  serverOptions: HarnessServerOptions = {},
): Promise<WebhookHarness> {
  const dataDir = await makeDataDir();
  const secrets = new KeyFileSecretStore({ dir: dataDir });
  // The project and hook are in the data before the core opens it, as if made earlier through the UI.
  const store = await openStore({ dir: dataDir, deriveBuildState: buildStateOf });
  const repoId = 186853002;
  const project = await store.createProject({
    githubRepoId: repoId,
    fullName: 'Codertocat/Hello-World',
    ownerLogin: 'Codertocat',
    name: 'Hello-World',
    isPrivate: false,
    cloneUrl: 'http://127.0.0.1:9/Codertocat/Hello-World.git',
    ownerGithubId: 1,
  });
  const hook = await store.createHook(project.id, {
    title: 'Tests',
    image: 'nosuch:1',
    installScript: '',
    buildScript: 'echo hi',
    trackedFiles: [],
  });
  await store.close();
  await secrets.set(`hook-secret:${hook.id}`, hookSecret);
  const core = await createCore(
    {
      kind: 'headless',
      dataDir,
      version: 'test',
      log: { info: () => undefined, warn: () => undefined, error: (m, e) => console.error(m, e) },
      secrets,
      engine: new FakeEngine({ images: ['busybox:1'], secondMs: 1 }),
      forge: new GitHubForge({ baseUrl: 'http://127.0.0.1:9', clientId: null, clientSecret: null }),
      credentials: async () => null,
    },
    readConfig({}),
  );
  const server: RunningWebhookServer = await startWebhookListener(
    core,
    0,
    {
      info: () => undefined,
      warn: serverOptions.onWarning ?? (() => undefined),
      error: serverOptions.onError ?? ((m, e) => console.error(m, e)),
    },
    { clientMistakeSummaryMs: serverOptions.clientMistakeSummaryMs },
  );
  const url = `http://127.0.0.1:${server.port}/hooks/github/${hook.id}`;
  const push = examples.find((e) => e.name === 'push')!.examples.find((p) => p.head_commit)!;
  const sign = (body: string | Uint8Array, secret = hookSecret) =>
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return {
    core,
    dataDir,
    url,
    port: server.port,
    hookId: hook.id,
    projectId: project.id,
    repoId,
    sign,
    pushPayload(sha, message = 'A change') {
      const payload = structuredClone(push) as Record<string, unknown> & {
        head_commit: Record<string, unknown>;
      };
      payload.ref = 'refs/heads/main';
      payload.after = sha;
      payload.head_commit = { ...payload.head_commit, id: sha, message };
      (payload.repository as Record<string, unknown>).id = repoId;
      return payload;
    },
    async send(body, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });
      return { status: response.status, body: await response.text() };
    },
    async builds() {
      const page = await core.dispatch('builds.list', { projectId: project.id }, operator);
      if (!page.ok) throw new Error(page.error.message);
      return (page.value as { total: number }).total;
    },
    async close() {
      await server.close();
      await core.close();
      await removeDataDir(dataDir);
    },
  };
}
