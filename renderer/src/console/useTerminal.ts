// One xterm.js terminal for a log: read-only, bounded scrollback, fitted to its box, themed like the
// OS, writes batched per animation frame. Everything it creates is released when the owner unmounts.
//
// Kozmic's notes arrive apart from the output (their byte ranges travel beside the bytes) and are
// marked with a decoration: an element over the terminal that no byte sequence a build prints can
// produce, whatever colours it uses. Hyperlinks printed by a build (OSC 8) never open on a click: the
// reader is shown where the link really leads first (`pendingLink`).
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type IBufferRange } from '@xterm/xterm';
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import type { NoteRanges } from '../../../server/contract/log-stream.js';
import { markNoteLines } from './note-marks.js';
import { darkTheme, lightTheme } from './terminal-theme.js';
import { WriteBatcher } from './write-batcher.js';

export const scrollbackLines = 20_000;

/** A link from the log that the reader clicked, waiting for them to open it knowing where it goes. */
export interface PendingLink {
  readonly url: string;
  /** What the log shows as the link. */
  readonly text: string;
}

export interface LogTerminal {
  /** Whether the view stays at the newest output. */
  readonly following: Ref<boolean>;
  readonly pendingLink: Ref<PendingLink | null>;
  /** Bytes to show; `notes` are the ranges (within `data`) that are Kozmic's own notes. */
  write(data: Uint8Array | string, notes?: NoteRanges): void;
  /** Empties the terminal and anything still waiting to be written. */
  reset(): void;
  toggleFollow(): void;
  /**
   * Once everything written is shown: scrolls to the line `fromEnd` lines before the last one written
   * (0: the last; -1: the very end) and selects it when `select`. Counted from the end, which stays put
   * when the scrollback drops the oldest lines. False when the terminal does not hold that line.
   */
  reveal(fromEnd: number, select: boolean): Promise<boolean>;
  /** The selection, or else all the text the terminal holds (plain, without colours). */
  text(): string;
}

export function useTerminal(container: Ref<HTMLElement | null>): LogTerminal {
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const pendingLink = ref<PendingLink | null>(null);
  const terminal: Terminal = new Terminal({
    disableStdin: true,
    convertEol: true,
    scrollback: scrollbackLines,
    cursorBlink: false,
    cursorInactiveStyle: 'none',
    allowProposedApi: true,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono') || 'monospace',
    fontSize: 13,
    theme: dark.matches ? darkTheme : lightTheme,
    linkHandler: {
      activate: (_event, url, range) => (pendingLink.value = { url, text: textIn(terminal, range) }),
      allowNonHttpProtocols: false,
    },
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  const batcher = new WriteBatcher({
    write: (data, done) => terminal.write(data, done),
    writeNote: (data, done) =>
      terminal.write(data, () => {
        markNoteLines(terminal, data);
        done();
      }),
    reset: () => terminal.reset(),
  });
  const following = ref(true);

  const atBottom = () => terminal.buffer.active.viewportY >= terminal.buffer.active.baseY;
  batcher.onWritten = () => {
    if (following.value) terminal.scrollToBottom();
  };
  const disposables = [terminal.onScroll(() => (following.value = atBottom()))];
  const onScheme = () => (terminal.options.theme = dark.matches ? darkTheme : lightTheme);
  dark.addEventListener('change', onScheme);

  let resizeFrame: number | null = null;
  const resize = new ResizeObserver(() => {
    if (resizeFrame !== null) return;
    resizeFrame = requestAnimationFrame(() => {
      resizeFrame = null;
      if (container.value?.isConnected) fit.fit();
    });
  });

  onMounted(() => {
    if (!container.value) return;
    terminal.open(container.value);
    fit.fit();
    resize.observe(container.value);
  });

  onBeforeUnmount(() => {
    resize.disconnect();
    if (resizeFrame !== null) cancelAnimationFrame(resizeFrame);
    dark.removeEventListener('change', onScheme);
    batcher.dispose();
    for (const d of disposables) d.dispose();
    terminal.dispose(); // also disposes the addons
  });

  return {
    following,
    pendingLink,
    write: (data, notes) => {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      let at = 0;
      for (const [start, end] of notes ?? []) {
        if (start > at) batcher.push(bytes.subarray(at, start));
        if (end > start) batcher.push(bytes.subarray(start, end), true);
        at = Math.max(at, end);
      }
      if (at < bytes.length) batcher.push(at === 0 ? bytes : bytes.subarray(at));
    },
    reset: () => {
      batcher.reset();
      following.value = true;
    },
    toggleFollow: () => {
      if (following.value) {
        terminal.scrollLines(-1); // off the bottom line: xterm then keeps the view still
        following.value = false;
      } else {
        terminal.scrollToBottom();
        following.value = true;
      }
    },
    reveal: async (fromEnd, select) => {
      await batcher.idle();
      following.value = false;
      if (fromEnd < 0) {
        terminal.scrollToBottom();
        following.value = false;
        return true;
      }
      const rows = rowsOfLine(terminal, fromEnd);
      if (rows === null) return false;
      terminal.scrollToLine(Math.max(0, rows.first - (select ? 3 : 0)));
      if (select) terminal.selectLines(rows.first, rows.last);
      return true;
    },
    text: () => {
      if (terminal.hasSelection()) return terminal.getSelection();
      const buffer = terminal.buffer.active;
      const lines: string[] = [];
      for (let y = 0; y < buffer.length; y++) {
        const line = buffer.getLine(y);
        if (!line) continue;
        const text = line.translateToString(true);
        if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
        else lines.push(text);
      }
      while (lines.length > 0 && lines.at(-1) === '') lines.pop();
      return lines.join('\n');
    },
  };
}

/** The buffer rows of the logical line `fromEnd` lines before the last written (a long line wraps). */
function rowsOfLine(terminal: Terminal, fromEnd: number): { first: number; last: number } | null {
  const buffer = terminal.buffer.active;
  // After a line break the cursor waits at the start of an empty row: the last line is above it.
  let last = buffer.baseY + buffer.cursorY - (buffer.cursorX === 0 ? 1 : 0);
  for (let line = 0; last >= 0; line++) {
    let first = last;
    while (first > 0 && buffer.getLine(first)?.isWrapped) first--;
    if (line === fromEnd) return { first, last };
    last = first - 1;
  }
  return null;
}

/** The text a link covers (1-based cells, as xterm reports them). */
function textIn(terminal: Terminal, range: IBufferRange): string {
  const buffer = terminal.buffer.active;
  let text = '';
  for (let y = range.start.y; y <= range.end.y; y++) {
    const from = y === range.start.y ? range.start.x - 1 : 0;
    const to = y === range.end.y ? range.end.x : undefined;
    text += buffer.getLine(y - 1)?.translateToString(true, from, to) ?? '';
  }
  return text;
}
