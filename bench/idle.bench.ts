// Idle cost: an app that lives in the tray must cost nothing while nothing happens. Starts the built
// headless core with 20 projects (each with a hook and its webhook on the GitHub stand-in), the tunnel
// kept open through a local tunnel server, and the reachability checks on; lets it settle; then samples
// its CPU time, memory and wake-ups (voluntary context switches of all its threads) for 60 s. The
// baseline, sampled the same way in the same run, is a bare Node process that only waits.
// Run: npm run bench:idle (BENCH_IDLE_SECONDS to change the 60 s). The last line is one JSON object.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { AuthStatusDto, ProjectDto, RepositoryDto } from '../server/contract/dto.js';
import { freePort } from '../test/fixtures/free-port.js';
import { startTunnelServer } from '../test/fixtures/tunnel-server.js';
import { makeDataDir, removeDataDir, startHeadless } from '../test/integration/headless-process.js';
import { startStandin } from '../test/standin/standin.js';

const seconds = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
// Longer than the 30 s timeouts of the requests made while setting up, so none fires in the sample.
const settleMs = 35_000;
const clockTicks = 100; // USER_HZ on Linux

interface Sample {
  readonly cpuMs: number;
  readonly rssMb: number;
  readonly switches: number;
}

/** utime + stime of the process (all threads), its resident memory, and its threads' voluntary context switches. */
function sample(pid: number): Sample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  let switches = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
    switches += Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return { cpuMs, rssMb: rssKb / 1024, switches };
}

async function measure(pid: number): Promise<{ cpuPercent: number; rssMb: number; wakeupsPerMin: number }> {
  const first = sample(pid);
  const rss: number[] = [];
  for (let i = 0; i < seconds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    rss.push(sample(pid).rssMb);
  }
  const last = sample(pid);
  rss.sort((a, b) => a - b);
  return {
    cpuPercent: ((last.cpuMs - first.cpuMs) / (seconds * 1000)) * 100,
    rssMb: rss[Math.floor(rss.length / 2)]!,
    wakeupsPerMin: ((last.switches - first.switches) / seconds) * 60,
  };
}

const standin = await startStandin({ deviceIntervalSeconds: 0 });
standin.addUser('octocat');
for (let i = 1; i <= 20; i++) await standin.createRepo('octocat', `app-${i}`, { 'README.md': `# ${i}\n` });
const tunnels = await startTunnelServer();
const port = await freePort();
const dataDir = await makeDataDir();
const app = await startHeadless(dataDir, {
  KOZMIC_PORT: String(port),
  KOZMIC_TUNNEL: process.env.BENCH_IDLE_TUNNEL ?? 'on',
  // Without the tunnel (BENCH_IDLE_TUNNEL=off, to see what it costs), the webhook port itself.
  ...(process.env.BENCH_IDLE_TUNNEL === 'off' ? { KOZMIC_PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
  KOZMIC_TUNNEL_SERVER: tunnels.url,
  KOZMIC_GITHUB_URL: standin.url,
  KOZMIC_GITHUB_CLIENT_ID: standin.clientId,
});
const value = async <T>(name: string, args: unknown = {}): Promise<T> => {
  const result = await app.call(name, args);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
};
const started = await value<AuthStatusDto>('auth.startDeviceFlow');
standin.device.approve(started.deviceCode!.userCode, 'octocat');
while ((await value<AuthStatusDto>('auth.status')).account?.login !== 'octocat') await new Promise((r) => setTimeout(r, 100));
const repos = await value<RepositoryDto[]>('repos.list', { refresh: true });
for (const repo of repos) {
  const project = await value<ProjectDto>('projects.create', { githubRepoId: repo.githubId });
  await value('hooks.save', {
    projectId: project.id,
    definition: { title: 'Build', image: 'kozmic-test/busybox:1', installScript: '', buildScript: 'true', trackedFiles: [] },
  });
}
const projects = (await value<ProjectDto[]>('projects.list')).length;
const status = await value<{ tunnel: { state: string }; webhooks: { reachable: boolean } }>('app.status');
console.log(`${projects} projects, tunnel ${status.tunnel.state}, webhooks reachable: ${status.webhooks.reachable}`);
console.log(`Settling ${settleMs / 1000} s, then sampling ${seconds} s each…`);
await new Promise((resolve) => setTimeout(resolve, settleMs));
const kozmic = await measure(app.process.pid!);

const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 2000));
const baseline = await measure(bare.pid!);
bare.kill();

await app.stop();
await removeDataDir(dataDir);
await tunnels.close();
await standin.close();

const row = (name: string, m: typeof kozmic) =>
  `| ${name.padEnd(22)} | ${m.cpuPercent.toFixed(3).padStart(8)} | ${m.rssMb.toFixed(1).padStart(7)} | ${m.wakeupsPerMin.toFixed(0).padStart(12)} |`;
console.log(`\n| process                | CPU %    | RSS MB  | wake-ups/min |`);
console.log(`|------------------------|---------:|--------:|-------------:|`);
console.log(row('Kozmic, 20 projects', kozmic));
console.log(row('bare Node (baseline)', baseline));
console.log(
  `ratios to baseline: CPU ${(kozmic.cpuPercent / Math.max(baseline.cpuPercent, 0.001)).toFixed(1)}×, ` +
    `RSS ${(kozmic.rssMb / baseline.rssMb).toFixed(1)}×, wake-ups ${(kozmic.wakeupsPerMin / Math.max(baseline.wakeupsPerMin, 1)).toFixed(1)}×`,
);
console.log('targets: CPU < 0.5 % of one core, RSS < 150 MB');
console.log(
  JSON.stringify({
    idle_cpu_percent: Number(kozmic.cpuPercent.toFixed(3)),
    idle_rss_mb: Number(kozmic.rssMb.toFixed(1)),
    idle_wakeups_per_min: Math.round(kozmic.wakeupsPerMin),
    baseline_cpu_percent: Number(baseline.cpuPercent.toFixed(3)),
    baseline_rss_mb: Number(baseline.rssMb.toFixed(1)),
    baseline_wakeups_per_min: Math.round(baseline.wakeupsPerMin),
  }),
);
process.exit(0);
