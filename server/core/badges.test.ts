// Badges of a private project need its badge token; without it the project does not exist.
import { afterEach, describe, expect, it } from 'vitest';
import { Badges } from './badges.js';
import type { SecretStore } from './ports.js';
import { createFakeRunner, type FakeRunner } from '../../test/fixtures/runner-harness.js';

let h: FakeRunner;
afterEach(async () => h?.close());

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(name: string) {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string) {
    this.values.set(name, value);
  }
  async delete(name: string) {
    this.values.delete(name);
  }
}

describe('Badges', () => {
  it('show a public project’s branches, newest build first, and "unknown" for a branch never built', async () => {
    h = await createFakeRunner();
    await h.scheduler.start();
    await h.queue({ buildScript: 'exit 1' }, '1'.repeat(40));
    await h.scheduler.whenIdle();
    const badges = new Badges(h.store, new MemorySecrets(), () => 'https://ci.example.test');
    expect(await badges.statusOf('Octo/App', 'main', null)).toBe('failing');
    expect(await badges.statusOf('octo/app', 'release/1.x', null)).toBe('unknown');
    expect(await badges.statusOf('octo/other', 'main', null)).toBeNull();
  });

  it('hide a private project unless its badge token comes along', async () => {
    h = await createFakeRunner();
    const secrets = new MemorySecrets();
    const badges = new Badges(h.store, secrets, () => 'https://ci.example.test');
    const project = await h.store.createProject({
      githubRepoId: 77,
      fullName: 'octo/secret',
      ownerLogin: 'octo',
      name: 'secret',
      isPrivate: true,
      cloneUrl: 'https://github.test/octo/secret.git',
      ownerGithubId: 1,
    });
    expect(await badges.statusOf('octo/secret', 'main', null)).toBeNull();
    const { imageUrl } = await badges.badgeOf(project.id, 'main');
    const token = new URL(imageUrl).searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(20);
    expect(await badges.statusOf('octo/secret', 'main', token)).toBe('unknown');
    expect(await badges.statusOf('octo/secret', 'main', `${token}x`)).toBeNull();
    expect((await badges.badgeOf(project.id, 'main')).imageUrl).toBe(imageUrl); // the token is kept
  });

  it('need a public URL to make a snippet', async () => {
    h = await createFakeRunner();
    const badges = new Badges(h.store, new MemorySecrets(), () => null);
    await expect(badges.badgeOf(h.projectId, 'main')).rejects.toThrow(/public URL/);
  });
});
