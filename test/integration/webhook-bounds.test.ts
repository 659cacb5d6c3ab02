// Hostile but correctly signed pushes (4 MB commit messages) must not make a project expensive: what the
// store keeps, what every later write rewrites, and what every user is sent stay small.
import { randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../server/core/ports.js';
import { createWebhookHarness, type WebhookHarness } from './webhook-harness.js';

let h: WebhookHarness;
beforeAll(async () => {
  h = await createWebhookHarness();
});
afterAll(async () => h.close());

const sha = (n: number) => n.toString(16).padStart(40, 'c');
const kb = 1024;

/** The store's files; a temporary file of a write in flight can vanish between listing and stat. */
async function filesUnder(dir: string): Promise<{ path: string; bytes: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sized = await Promise.all(
    entries
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp'))
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        const found = await stat(path).catch(() => null);
        return found ? { path, bytes: found.size } : null;
      }),
  );
  return sized.filter((file) => file !== null);
}

describe('hostile commit messages', () => {
  it('ten signed pushes with 4 MB messages leave small files and small answers', async () => {
    const huge = 'A'.repeat(4 * 1024 * 1024 - 4 * kb);
    for (let n = 1; n <= 10; n++) {
      const body = JSON.stringify(h.pushPayload(sha(n), `${n} ${huge}`));
      const answer = await h.send(body, {
        'x-github-event': 'push',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': h.sign(body),
      });
      expect(answer.status).toBe(202);
    }
    expect(await h.builds()).toBe(10);

    const files = await filesUnder(h.dataDir);
    const state = files.find((file) => file.path === join(h.dataDir, 'state.json'))!;
    const shards = files.filter((file) => /builds-\d+\.json$/.test(file.path));
    const payloads = files.filter((file) => file.path.includes(`${sep}deliveries${sep}`));
    expect(state.bytes).toBeLessThan(64 * kb);
    expect(shards.length).toBeGreaterThan(0);
    for (const shard of shards) expect(shard.bytes).toBeLessThan(128 * kb);
    expect(payloads).toHaveLength(10);
    for (const payload of payloads) expect(payload.bytes).toBeLessThan(300 * kb);

    const projects = await h.core.dispatch('projects.list', {}, operator);
    expect(JSON.stringify(projects).length).toBeLessThan(16 * kb);
    const page = await h.core.dispatch('builds.list', { projectId: h.projectId }, operator);
    expect(JSON.stringify(page).length).toBeLessThan(128 * kb);
    expect(page).toMatchObject({ ok: true });
    if (page.ok) expect((page.value as { builds: { message: string }[] }).builds[0]?.message.endsWith('A…')).toBe(true);
  }, 60_000);
});
