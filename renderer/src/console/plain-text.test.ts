import { describe, expect, it } from 'vitest';
import { PlainText, toPlainText } from './plain-text.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('plain text of a log', () => {
  it('drops colours, hyperlink targets and titles, and ends lines with LF', () => {
    const raw =
      '\x1b[0;1;36m» Running the build script\x1b[0m\r\n' +
      '\x1b]0;title\x07\x1b[31mred\x1b[0m and \x1b]8;;https://evil.example\x1b\\a link\x1b]8;;\x1b\\\r\n' +
      'progress 10%\rprogress 100%\r\nbell\x07 tab\tkept\n';
    expect(toPlainText(bytes(raw))).toBe(
      '» Running the build script\nred and a link\nprogress 10%\nprogress 100%\nbell tab\tkept\n',
    );
  });

  it('gives the same text whatever the pages, even split inside a sequence, a CRLF or a character', () => {
    const raw = bytes('a\x1b[1;32mgreen\x1b[0m é✓\r\r\nnext\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\r\n');
    const whole = toPlainText(raw);
    expect(whole).toBe('agreen é✓\nnextlink\n');
    for (let cut = 1; cut < raw.length; cut++) {
      const plain = new PlainText();
      expect(plain.push(raw.subarray(0, cut)) + plain.push(raw.subarray(cut)) + plain.end(), `cut at ${cut}`).toBe(whole);
    }
  });
});
