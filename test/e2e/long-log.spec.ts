// A log far longer than the console holds: the console says which part it shows, every line is
// reachable (moving the window, or searching the whole log on the server and jumping to a match), and
// downloads hold every byte, raw or as plain text.
import { readFile } from 'node:fs/promises';
import { buildOver, expectLineInView, shownRows } from './console-helpers.js';
import { consoleText, expect, linesEqual, openApp, repoName, test } from './fixtures.js';

const rows = 200_000;
const script = `seq 1 ${rows} | sed 's/^/line /'; printf '\\033[32mdone\\033[0m\\n'`;

test('every line of a 200,000-line log is reachable: search finds line 150000, the start shows line 1', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Chatty job', buildScript: script });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'a.txt': 'a' }, { message: 'Print a lot' });
  await standin.deliveries.settled();
  expect(await buildOver(api, project.id, 1)).toBe('success');

  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);
  await expect(page.getByTestId('console-state')).toContainText('Complete');
  await expect(page.getByTestId('console-window')).toContainText(/Showing the last [\d,]+ lines \(.+ of .+ MB\)/);
  await expectLineInView(page, `line ${rows}`);
  const tail = await consoleText(page);
  expect(tail.split('\n')[0]).toMatch(/^line \d+$/);
  expect(linesEqual(tail, 'line 1')).toBe(0);

  // Searched on the server: the console does not hold line 150000.
  await page.getByTestId('console-search').fill('line 150000');
  await expect(page.getByTestId('console-search-count')).toHaveText('1 / 1');
  await expectLineInView(page, 'line 150000');
  await expect(page.getByTestId('console-window')).toContainText(/Showing lines [\d,]+–[\d,]+/);

  await page.getByTestId('console-window-start').click();
  await expectLineInView(page, 'line 1');
  await expect(page.getByTestId('console-window')).toContainText('Showing lines 1–');
  await expect(page.getByTestId('console-window-start')).toBeDisabled();
  // The next part follows on exactly from the last line shown.
  const before = await consoleText(page);
  const lastShown = Number(/line (\d+)\s*$/.exec(before)![1]);
  await page.getByTestId('console-window-later').click();
  await expect.poll(async () => (await consoleText(page)).split('\n')[0]).toBe(`line ${lastShown + 1}`);
  await page.getByTestId('console-window-end').click();
  await expectLineInView(page, 'done');
  expect((await shownRows(page)).length).toBeGreaterThan(0);
});

test('downloads are named after project, build and job, raw or as plain text', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, {
    title: 'Build',
    buildScript: `printf '\\033[1;32mgreen\\033[0m\\nplain\\n'; seq 1 30000 | sed 's/^/row /'`,
  });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'a.txt': 'a' }, { message: 'Print colours' });
  await standin.deliveries.settled();
  expect(await buildOver(api, project.id, 1)).toBe('success');
  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);
  await expect(page.getByTestId('console-state')).toContainText('Complete');

  const [raw] = await Promise.all([page.waitForEvent('download'), page.getByTestId('console-download').click()]);
  expect(raw.suggestedFilename()).toBe(`${project.name}-1-Build-attempt-1.log`);
  const rawText = await readFile(await raw.path(), 'utf8');
  expect(rawText).toContain('\x1b[1;32mgreen\x1b[0m\r\n');
  expect(rawText).toContain('row 1\r\n');
  expect(rawText).toContain('row 30000\r\n');

  const [plain] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('console-download-plain').click(),
  ]);
  expect(plain.suggestedFilename()).toBe(`${project.name}-1-Build-attempt-1.txt`);
  const plainText = await readFile(await plain.path(), 'utf8');
  expect(plainText).not.toContain('\x1b');
  expect(plainText).not.toContain('\r');
  expect(plainText).toMatch(/^» Running the build script as .*\n/m);
  expect(plainText).toContain('\ngreen\nplain\nrow 1\n');
  expect(plainText).toContain('\nrow 30000\n');
  expect(plainText).toMatch(/» Job succeeded\.\n$/);
});
