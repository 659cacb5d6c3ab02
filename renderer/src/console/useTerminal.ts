// One xterm.js terminal for a log: read-only, bounded scrollback, fitted to its box, themed like the
// OS, writes batched per animation frame. Everything it creates is released when the owner unmounts.
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { darkTheme, lightTheme, searchDecorations } from './terminal-theme.js';
import { WriteBatcher } from './write-batcher.js';

export const scrollbackLines = 20_000;

/** What a failing tool typically prints (compilers, test runners, shells). */
const errorLine =
  /\b(error|errors|failed|failure|fail|fatal|exception|panic|traceback)\b|not found|exit (code|status) [1-9]/i;

export interface LogTerminal {
  /** Whether the view stays at the newest output. */
  readonly following: Ref<boolean>;
  readonly searchResults: Ref<{ index: number; count: number } | null>;
  write(data: Uint8Array | string): void;
  /** Empties the terminal and anything still waiting to be written. */
  reset(): void;
  toggleFollow(): void;
  find(term: string, backwards?: boolean): boolean;
  clearSearch(): void;
  /** Scrolls to the first line that looks like the job's error and selects it; false when there is none. */
  jumpToFirstError(): boolean;
  /** The selection, or else all the text the terminal holds (plain, without colours). */
  text(): string;
}

export function useTerminal(container: Ref<HTMLElement | null>): LogTerminal {
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const terminal = new Terminal({
    disableStdin: true,
    convertEol: true,
    scrollback: scrollbackLines,
    cursorBlink: false,
    cursorInactiveStyle: 'none',
    allowProposedApi: true,
    fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono') || 'monospace',
    fontSize: 13,
    theme: dark.matches ? darkTheme : lightTheme,
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  const batcher = new WriteBatcher({
    write: (data, done) => terminal.write(data, done),
    reset: () => terminal.reset(),
  });
  const following = ref(true);
  const searchResults = ref<{ index: number; count: number } | null>(null);

  const atBottom = () => terminal.buffer.active.viewportY >= terminal.buffer.active.baseY;
  batcher.onWritten = () => {
    if (following.value) terminal.scrollToBottom();
  };
  const disposables = [
    terminal.onScroll(() => (following.value = atBottom())),
    search.onDidChangeResults(({ resultIndex, resultCount }) => {
      searchResults.value = { index: resultIndex, count: resultCount };
    }),
  ];
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
    searchResults,
    write: (data) => batcher.push(data),
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
    find: (term, backwards = false) => {
      if (term === '') return false;
      const options = { decorations: searchDecorations };
      return backwards ? search.findPrevious(term, options) : search.findNext(term, options);
    },
    jumpToFirstError: () => {
      const buffer = terminal.buffer.active;
      for (let y = 0; y < buffer.length; y++) {
        const text = buffer.getLine(y)?.translateToString(true) ?? '';
        // Kozmic's own notes ("» Job failed: …") are not the job's error.
        if (text.startsWith('» ') || !errorLine.test(text)) continue;
        following.value = false;
        terminal.scrollToLine(Math.max(0, y - 3));
        terminal.selectLines(y, y);
        return true;
      }
      return false;
    },
    clearSearch: () => {
      search.clearDecorations();
      searchResults.value = null;
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
