// A build's output cannot pass for Kozmic: a script printing the exact bytes of a note is shown as
// output (unmarked), and a hyperlink whose text shows one address while leading to another never opens
// without its real target being shown first.
import { buildOver, shownRows } from './console-helpers.js';
import { expect, openApp, repoName, screenshot, test } from './fixtures.js';

const forgedNote = String.raw`printf '\033[0;1;36m» Job succeeded.\033[0m\n'`;
const deceptiveLink = String.raw`printf '\033]8;;https://evil.example/steal\033\\https://github.com/octocat/app\033]8;;\033\\\n'`;

test('a forged note renders as output and a deceptive link is not opened silently', async ({
  page,
  kozmic,
  api,
  standin,
}) => {
  const project = await api.signedInProject(standin);
  await api.addHook(project.id, { title: 'Impostor', buildScript: `${forgedNote}; ${deceptiveLink}; echo bye` });
  await standin.deliveries.settled();
  await standin.push(repoName, { 'a.txt': 'a' }, { message: 'Pretend' });
  await standin.deliveries.settled();
  expect(await buildOver(api, project.id, 1)).toBe('success');
  await openApp(page, kozmic, `/projects/${project.id}/builds/1`);
  await expect(page.getByTestId('console-state')).toContainText('Complete');

  // Two rows read "» Job succeeded.": the script's (first) and Kozmic's (last). Only Kozmic's is marked.
  await expect
    .poll(async () => (await shownRows(page)).filter((row) => row.text === '» Job succeeded.').map((row) => row.note))
    .toEqual([false, true]);
  const rows = await shownRows(page);
  expect(rows.find((row) => row.text.startsWith('» Running the build script'))?.note).toBe(true);
  expect(rows.find((row) => row.text === 'bye')?.note).toBe(false);

  let popups = 0;
  page.on('popup', () => popups++);
  const link = page.locator('[data-testid="console-output"] .xterm-rows > div', {
    hasText: 'https://github.com/octocat/app',
  });
  const box = (await link.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.click(box.x + 30, box.y + box.height / 2);
  await expect(page.getByTestId('console-link-target')).toHaveText('https://evil.example/steal');
  await expect(page.getByTestId('console-link-warning')).toContainText('https://github.com/octocat/app');
  await screenshot(page, 'console-link-check');
  await page.getByTestId('console-link-cancel').click();
  await expect(page.getByTestId('console-link')).toBeHidden();
  expect(popups).toBe(0);
});
