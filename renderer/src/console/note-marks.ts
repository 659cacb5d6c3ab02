// Marks the lines a note of Kozmic's fills, right after the terminal parsed it. The mark is an xterm
// decoration: a DOM element beside the text, which no output can create (any colour or character a
// script prints is text). It is the one thing that tells a real note from a forged one.
import type { Terminal } from '@xterm/xterm';

export const noteMarkClass = 'console-note';

export function markNoteLines(terminal: Terminal, data: Uint8Array): void {
  const buffer = terminal.buffer.active;
  const endsLine = data.at(-1) === 0x0a;
  const startsWithBreak = data[0] === 0x0a || (data[0] === 0x0d && data[1] === 0x0a);
  let lines = data.reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 0);
  if (!endsLine) lines++;
  if (startsWithBreak) lines--;
  const cursor = buffer.baseY + buffer.cursorY;
  let row = cursor - (endsLine ? 1 : 0);
  for (; lines > 0 && row >= 0; lines--) {
    // A note line wider than the terminal continues on wrapped rows: mark each, from the last up.
    for (;;) {
      mark(terminal, row - cursor);
      if (!buffer.getLine(row)?.isWrapped) break;
      row--;
    }
    row--;
  }
}

function mark(terminal: Terminal, offset: number): void {
  const marker = terminal.registerMarker(offset);
  const decoration = terminal.registerDecoration({ marker, width: terminal.cols, layer: 'bottom' });
  decoration?.onRender((element) => {
    element.classList.add(noteMarkClass);
    element.title = 'A note from Kozmic';
  });
}
