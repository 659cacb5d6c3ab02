// The install step's cache as the build page explains it: a hit when nothing it depends on changed,
// and a miss that names the tracked file that did.
import type { BuildDto } from '../../server/contract/dto.js';
import { expect, go, openApp, repoName, screenshot, test } from './fixtures.js';

test('shows cache hits and explains a miss by the tracked file that changed', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, {
    title: 'With deps',
    installScript: 'mkdir -p /opt && cat deps.txt > /opt/deps',
    trackedFiles: ['deps.txt'],
    buildScript: 'echo "deps: $(cat /opt/deps)"',
  });
  await standin.deliveries.settled();
  const finished = async (number: number) =>
    expect
      .poll(async () => (await api.value<BuildDto>('builds.get', { projectId: project.id, number })).status)
      .toBe('success');
  const pushes: Record<string, string>[] = [
    { 'deps.txt': 'one' },
    { 'other.txt': 'x' },
    { 'deps.txt': 'two' },
  ];
  for (const [i, files] of pushes.entries()) {
    await standin.push(repoName, files, { message: `Push ${i + 1}` });
    await standin.deliveries.settled();
    await finished(i + 1);
  }

  await openApp(page, kozmic, `/projects/${project.id}/builds/2`);
  await expect(page.getByTestId('cache-state')).toHaveText('Cache hit');
  // The note names the reused image by its id and the cache key as a key.
  const hit = (await api.value<BuildDto>('builds.get', { projectId: project.id, number: 2 })).jobs[0]!.attempts.at(-1)!;
  const short = (id: string) => id.replace('sha256:', '').slice(0, 12);
  await expect(page.getByTestId('cache-reason')).toHaveText(
    `The cached install image ${short(hit.cacheImageId!)} was reused (cache key ${short(hit.cacheKeyInputs!.key)}): same image, install script and tracked files.`,
  );
  await expect(page.getByTestId('console-output')).toContainText('deps: one');

  await go(page, `/projects/${project.id}/builds/3`);
  await expect(page.getByTestId('cache-state')).toHaveText('Cache miss');
  await expect(page.getByTestId('cache-reason')).toHaveText('Tracked files changed: deps.txt (modified).');
  await expect(page.getByTestId('console-output')).toContainText('deps: two');
  await screenshot(page, 'build-cache-miss');
});
