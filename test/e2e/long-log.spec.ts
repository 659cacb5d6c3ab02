// A finished log larger than one page loads tail first, at a line start; everything on demand.
import { readFile } from 'node:fs/promises';
import { consoleText, expect, openApp, repoName, test } from './fixtures.js';

const rows = 12_000;
const script = `i=0; while [ $i -lt ${rows} ]; do echo "row $i of the long log"; i=$((i+1)); done`;

test('a long finished log shows its tail first, then everything on demand', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  await api.signIn(standin);
  const project = await api.createProject();
  await api.addHook(project.id, { title: 'Chatty', buildScript: script });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'a.txt': 'a' }, { message: 'Print a lot' });
  await standin.deliveries.settled();
  await expect
    .poll(
      async () =>
        (await api.value<{ status: string }>('builds.get', { projectId: project.id, number: 1 })).status,
    )
    .toBe('success');

  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);
  await expect(page.getByTestId('console-cut')).toContainText('Showing the last');
  await expect(page.getByTestId('console-output')).toContainText(`row ${rows - 1} of the long log`);
  const tail = await consoleText(page);
  expect(tail.split('\n')[0]).toMatch(/^row \d+ of the long log$/);
  expect(tail).not.toContain('row 0 of');

  await page.getByTestId('console-cut').getByRole('button').click();
  await expect(page.getByTestId('console-cut')).toBeHidden();
  await expect(page.getByTestId('console-state')).toContainText('Complete');
  const all = await consoleText(page);
  expect(all).toContain('row 0 of the long log');
  expect(all).toContain(`row ${rows - 1} of the long log`);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('console-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe(`kozmic-${project.id}.1.1-attempt-1.log`);
  const raw = await readFile(await download.path(), 'utf8');
  expect(raw).toContain('row 0 of the long log\r\n');
  expect(raw).toContain('\x1b['); // raw: colours kept
  expect(raw.length).toBeGreaterThan(256 * 1024);
});
