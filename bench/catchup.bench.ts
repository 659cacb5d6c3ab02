// Catch-up benchmark: 100 pushes over 10 projects that GitHub could not deliver (the public URL led
// nowhere while they happened) are caught up by a restarted core: the time from start-up until all
// 100 builds are queued, the GitHub requests catch-up used per missed delivery, and how many builds
// were made twice once the same deliveries are redelivered live and catch-up runs again (must be 0).
// Baseline, measured in the same run: reading the same 100 deliveries straight from the API
// (list + get each) with the same client, no store or intake. Against the GitHub stand-in, jobs on
// the scripted engine. Run: npm run bench:catchup. The last line of output is one JSON object.
import { performance } from 'node:perf_hooks';
import type { AuthStatusDto, HookDto, ProjectDto, RepositoryDto } from '../server/contract/dto.js';
import { readConfig } from '../server/core/config.js';
import { operator, type Forge } from '../server/core/ports.js';
import { FakeEngine } from '../server/engine/fake/fake-engine.js';
import { GitHubForge } from '../server/forge/github/github-forge.js';
import { createCore, type Core } from '../server/host/create-core.js';
import { startWebhookListener } from '../server/host/webhook-listener.js';
import { KeyFileSecretStore } from '../server/secrets/key-file-secret-store.js';
import { freePort } from '../test/fixtures/free-port.js';
import { makeDataDir, removeDataDir } from '../test/integration/headless-process.js';
import { startStandin } from '../test/standin/standin.js';

const projects = 10;
const pushesPerProject = 10;
const missed = projects * pushesPerProject;

const standin = await startStandin({ deviceIntervalSeconds: 0 });
standin.addUser('octocat');
const dataDir = await makeDataDir();
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string, e?: unknown) => console.error(m, e ?? '') };

/** The stand-in's GitHub, counting the requests catch-up makes. */
function countingForge() {
  const forge = new GitHubForge({ baseUrl: standin.url, clientId: standin.clientId, clientSecret: standin.clientSecret });
  const counts = { list: 0, get: 0 };
  const counted = Object.create(forge) as Forge;
  counted.listHookDeliveries = (...args) => (counts.list++, forge.listHookDeliveries(...args));
  counted.getHookDelivery = (...args) => (counts.get++, forge.getHookDelivery(...args));
  return { forge: counted, counts };
}

async function startCore(forge: Forge): Promise<Core> {
  return createCore(
    {
      kind: 'headless',
      dataDir,
      version: 'bench',
      log: quiet,
      secrets: new KeyFileSecretStore({ dir: dataDir }),
      engine: new FakeEngine({ images: ['busybox:1'], secondMs: 1 }),
      forge,
    },
    readConfig({ KOZMIC_PORT: String(await freePort()) }),
  );
}

async function value<T>(core: Core, name: string, args: unknown = {}): Promise<T> {
  const result = await core.dispatch(name, args, operator);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

// Setting up: signed in, ten projects with a hook each, the public URL leading nowhere.
let core = await startCore(countingForge().forge);
const flow = await value<AuthStatusDto>(core, 'auth.startDeviceFlow');
standin.device.approve(flow.deviceCode!.userCode, 'octocat');
while ((await value<AuthStatusDto>(core, 'auth.status')).account === null) await new Promise((r) => setTimeout(r, 50));
await value(core, 'settings.update', { publicUrl: `http://127.0.0.1:${await freePort()}` });
const made: { project: ProjectDto; hook: HookDto }[] = [];
for (let i = 0; i < projects; i++) await standin.createRepo('octocat', `app-${i}`, { 'README.md': 'hi\n' });
const repos = await value<RepositoryDto[]>(core, 'repos.list', { refresh: true });
for (let i = 0; i < projects; i++) {
  const project = await value<ProjectDto>(core, 'projects.create', {
    githubRepoId: repos.find((r) => r.fullName === `octocat/app-${i}`)!.githubId,
  });
  const definition = { title: 'Tests', image: 'busybox:1', installScript: '', buildScript: 'true', trackedFiles: [] };
  made.push({ project, hook: await value<HookDto>(core, 'hooks.save', { projectId: project.id, definition }) });
}
await standin.deliveries.settled();
await core.close();

// While Kozmic is stopped: 100 pushes, none delivered.
for (let n = 0; n < pushesPerProject; n++) {
  for (let i = 0; i < projects; i++) await standin.push(`octocat/app-${i}`, { 'n.txt': `${n}` }, { message: `Change ${n}` });
}
await standin.deliveries.settled();
const failedDeliveries = standin.deliveries.all().filter((d) => d.event === 'push' && d.response === null);
if (failedDeliveries.length !== missed) throw new Error(`expected ${missed} failed deliveries, got ${failedDeliveries.length}`);

// Baseline: the same deliveries read straight from the API.
const raw = countingForge();
const token = standin.issueToken('octocat');
const baselineStart = performance.now();
for (const { project, hook } of made) {
  const page = await raw.forge.listHookDeliveries(token, project.fullName, hook.githubHookId!, null);
  for (const delivery of page.deliveries.filter((d) => d.event === 'push')) {
    await raw.forge.getHookDelivery(token, project.fullName, hook.githubHookId!, delivery.id);
  }
}
const baselineMs = performance.now() - baselineStart;

// Restart: catch-up at start-up, timed until every missed push has its build.
const counting = countingForge();
const builds = new Set<string>();
let allQueued: () => void = () => undefined;
const queued = new Promise<void>((resolve) => (allQueued = resolve));
const started = performance.now();
core = await startCore(counting.forge);
core.subscribe((name, payload) => {
  if (name !== 'build.changed') return;
  const build = payload as { projectId: string; number: number };
  builds.add(`${build.projectId}#${build.number}`);
  if (builds.size >= missed) allQueued();
});
await Promise.race([queued, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${builds.size} queued`)), 60_000))]);
const catchupMs = performance.now() - started;
const requests = counting.counts.list + counting.counts.get;

// The same deliveries again, live and by a second catch-up: nothing more is built.
const listener = await startWebhookListener(core, 0, quiet);
const live = `http://127.0.0.1:${listener.port}`;
await value(core, 'settings.update', { publicUrl: live });
const repointed = () =>
  made.every(({ project, hook }) => standin.repo(project.fullName)!.hooks.get(hook.githubHookId!)?.config.url?.startsWith(live));
while (!repointed()) await new Promise((resolve) => setTimeout(resolve, 50));
for (const delivery of failedDeliveries) standin.deliveries.redeliver(delivery.id);
await standin.deliveries.settled();
await core.recheck();
await new Promise((resolve) => setTimeout(resolve, 500));
let total = 0;
for (const { project } of made) total += (await value<{ total: number }>(core, 'builds.list', { projectId: project.id })).total;
await listener.close();
await core.close();
await standin.close();
await removeDataDir(dataDir);

const result = {
  catchup_100_ms: Math.round(catchupMs),
  api_requests_per_missed_delivery: Number((requests / missed).toFixed(2)),
  duplicates: total - missed,
  baseline_api_read_ms: Math.round(baselineMs),
};
console.log('| measure | value |');
console.log('|---|---:|');
console.log(`| ${missed} missed pushes over ${projects} projects, restart → all queued | ${result.catchup_100_ms} ms |`);
console.log(`| same deliveries read straight from the API (baseline) | ${result.baseline_api_read_ms} ms |`);
console.log(`| ratio to baseline | ${(catchupMs / baselineMs).toFixed(2)}× |`);
console.log(`| GitHub requests per missed delivery (${counting.counts.list} lists, ${counting.counts.get} gets) | ${result.api_requests_per_missed_delivery} |`);
console.log(`| builds made twice after redelivery and a second catch-up | ${result.duplicates} |`);
console.log('targets: all queued < 5,000 ms, ≤ 1.5 requests per missed delivery, 0 made twice');
console.log(JSON.stringify(result));
