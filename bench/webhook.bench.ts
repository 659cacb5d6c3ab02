// Webhook intake benchmark: latency of signed push deliveries (request sent → answer received, over
// real HTTP to the webhook server, each persisted before the answer), then a burst of 200 deliveries
// sent within one second: how many were accepted, and whether every one became a job.
// Run: npm run bench:webhook. The last line of output is one JSON object.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { operator } from '../server/core/ports.js';
import { createWebhookHarness } from '../test/integration/webhook-harness.js';

const samples = 500;
const burst = 200;

const h = await createWebhookHarness();
await h.core.dispatch('settings.update', { maxParallelJobs: 1 }, operator);
const delivery = (n: number) => {
  const body = JSON.stringify(h.pushPayload(n.toString(16).padStart(40, '0'), `Change ${n}`));
  return {
    body,
    headers: { 'x-github-event': 'push', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': h.sign(body) },
  };
};

for (let n = 1; n <= 20; n++) await h.send(delivery(n).body, delivery(n).headers); // warm-up
const latencies: number[] = [];
for (let n = 100; n < 100 + samples; n++) {
  const { body, headers } = delivery(n);
  const started = performance.now();
  const answer = await h.send(body, headers);
  latencies.push(performance.now() - started);
  if (answer.status !== 202) throw new Error(`delivery ${n} answered ${answer.status}: ${answer.body}`);
}
latencies.sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

const before = await h.builds();
const sends: Promise<{ status: number }>[] = [];
const burstStart = performance.now();
for (let i = 0; i < burst; i++) {
  const { body, headers } = delivery(10_000 + i);
  sends.push(h.send(body, headers));
  await new Promise((resolve) => setTimeout(resolve, 1000 / burst));
}
const answers = await Promise.all(sends);
const burstMs = performance.now() - burstStart;
const accepted = answers.filter((a) => a.status === 202).length;
const stored = (await h.builds()) - before;

const result = {
  intake_p50_ms: Number(percentile(50).toFixed(2)),
  intake_p99_ms: Number(percentile(99).toFixed(2)),
  burst_accepted: accepted,
  burst_lost: burst - stored,
};
console.log('| measure | value |');
console.log('|---|---:|');
console.log(`| intake latency p50 (${samples} signed pushes, sequential) | ${result.intake_p50_ms} ms |`);
console.log(`| intake latency p99 | ${result.intake_p99_ms} ms |`);
console.log(`| burst: ${burst} deliveries sent in ${Math.round(burstMs)} ms, answered 202 | ${accepted} |`);
console.log(`| burst: builds stored / lost | ${stored} / ${result.burst_lost} |`);
console.log(JSON.stringify(result));
await h.close();
process.exit(0);
