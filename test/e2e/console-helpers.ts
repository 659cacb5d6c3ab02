// Reading the console as a person sees it: the rows in view (xterm renders only those) and which of
// them carry Kozmic's note mark.
import type { Page } from '@playwright/test';
import { expect, type KozmicApi } from './fixtures.js';

export interface ShownRow {
  readonly text: string;
  /** Whether the row is marked as one of Kozmic's notes. */
  readonly note: boolean;
}

// Code run in the page is given as text: this folder is type-checked without the DOM's types.
const readRows = `(() => {
  const rows = [...document.querySelectorAll('[data-testid="console-output"] .xterm-rows > div')];
  const marks = [...document.querySelectorAll('[data-testid="console-output"] .console-note')]
    .map((mark) => mark.getBoundingClientRect());
  return rows.map((row) => {
    const box = row.getBoundingClientRect();
    const middle = (box.top + box.bottom) / 2;
    return {
      text: (row.textContent ?? '').replace(/\\u00a0/g, ' ').trimEnd(),
      note: marks.some((mark) => mark.height > 0 && mark.top <= middle && mark.bottom >= middle),
    };
  });
})()`;

/** The console's rows now in view, top to bottom. */
export function shownRows(page: Page): Promise<ShownRow[]> {
  return page.evaluate<ShownRow[]>(readRows);
}

/** Waits until a row in view reads exactly `line`. */
export async function expectLineInView(page: Page, line: string): Promise<void> {
  await expect.poll(async () => (await shownRows(page)).some((row) => row.text === line)).toBe(true);
}

/** Waits until build `number` is over and returns its status. */
export async function buildOver(api: KozmicApi, projectId: string, number: number): Promise<string> {
  let status = 'pending';
  await expect
    .poll(
      async () => {
        status = (await api.value<{ status: string }>('builds.get', { projectId, number })).status;
        return ['pending', 'running'].includes(status);
      },
      { timeout: 120_000 },
    )
    .toBe(false);
  return status;
}

/** Resolves in the first animation frame a row in view reads exactly `line` (for timing it). */
export async function lineInView(page: Page, line: string, timeout = 60_000): Promise<void> {
  type Rows = { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
  // A function, not text: the page's CSP forbids evaluating strings, which waitForFunction would do.
  await page.waitForFunction(
    (wanted: string) =>
      Array.from(
        (globalThis as unknown as { document: Rows }).document.querySelectorAll(
          '[data-testid="console-output"] .xterm-rows > div',
        ),
      ).some((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd() === wanted),
    line,
    { polling: 'raf', timeout },
  );
}
