// The console keeps every line exactly once when the connection drops mid-build and comes back, and
// its tools (search, follow) work on the log.
import type { WebSocketRoute } from '@playwright/test';
import { buildOver, shownRows } from './console-helpers.js';
import { consoleText, expect, linesEqual, openApp, repoName, screenshot, test } from './fixtures.js';

const lines = 30;
const countingScript = `i=1; while [ $i -le ${lines} ]; do printf "\\033[36mline %s\\033[0m\\n" $i; i=$((i+1)); sleep 0.2; done`;

test('resumes the live log after a reconnect without losing or repeating a line', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/api\/events$/, (ws) => {
    sockets.push(ws);
    ws.connectToServer();
  });
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Count', buildScript: countingScript });
  await standin.deliveries.settled();
  await openApp(page, kozmic, `/projects/${project.id}`);
  await standin.push(repoName, { 'count.txt': '1' }, { message: 'Count to thirty' });
  await page.getByTestId('build-row-1').getByRole('link', { name: '#1' }).click();

  const output = page.getByTestId('console-output');
  await expect(output).toContainText('line 5');
  await sockets.at(-1)!.close({ code: 1012, reason: 'test: connection dropped' });
  await expect(page.getByTestId('reconnecting')).toBeVisible();
  await expect(page.getByTestId('reconnecting')).toBeHidden();
  expect(sockets.length).toBeGreaterThanOrEqual(2);

  await expect(page.getByTestId('build-status')).toHaveAttribute('data-status', 'success');
  await expect(page.getByTestId('console-state')).toContainText('Complete');
  const text = await consoleText(page);
  for (let i = 1; i <= lines; i++) expect(linesEqual(text, `line ${i}`), `line ${i}`).toBe(1);

  await page.getByTestId('console-search').fill('line 2');
  await expect(page.getByTestId('console-search-count')).toContainText('/ 11');
  await screenshot(page, 'console-search');
});

test('"First error" finds a Permission denied failure, and else shows the last output', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, {
    title: 'Denied',
    buildScript: `seq 1 300 | sed 's/^/step /'; printf 'echo hi\\n' > run.sh; ./run.sh; echo unreachable`,
  });
  await api.addHook(project.id, { title: 'Quiet', buildScript: 'echo preparing; echo last words; exit 3' });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'a.txt': 'a' }, { message: 'Fail in two ways' });
  await standin.deliveries.settled();
  expect(await buildOver(api, project.id, 1)).toBe('failure');

  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);
  await page.getByTestId('job-tabs').getByText('Denied').click();
  // Scripts stop at their first failing command: nothing after ./run.sh runs.
  await expect(page.getByTestId('console-output')).toContainText('Permission denied');
  await expect(page.getByTestId('console-state')).toContainText('Complete');
  await page.getByTestId('console-first-error').click();
  await expect(page.getByTestId('console-first-error-note')).toContainText('The first line that looks like an error');
  await expect
    .poll(async () => (await shownRows(page)).some((row) => /\.\/run\.sh: Permission denied$/.test(row.text)))
    .toBe(true);

  await page.getByTestId('job-tabs').getByText('Quiet').click();
  await expect(page.getByTestId('console-output')).toContainText('last words');
  await page.getByTestId('console-first-error').click();
  await expect(page.getByTestId('console-first-error-note')).toContainText('No line looks like an error');
  await expect(page.getByTestId('console-first-error-note')).toContainText('last output');
});
