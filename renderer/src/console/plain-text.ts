// A log as plain text for download: escape sequences (colours, cursor moves, titles, hyperlink
// targets) and control characters removed, line endings LF. Fed page by page: a character or an escape
// sequence split across two pages is held back until the rest arrives. CR LF (and the CR CR LF a TTY
// makes of a script's CR LF) is one line break; a lone CR (a progress bar redrawn) starts a new line.

// CSI, OSC (ended by BEL or ST), other two-byte escapes; then the control characters a file keeps none of.
// eslint-disable-next-line no-control-regex -- escape sequences are what this removes
const escapes = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]/g;
// eslint-disable-next-line no-control-regex -- escape sequences are what this removes
const controls = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
/** An escape sequence not finished by the end of the text so far. */
// eslint-disable-next-line no-control-regex -- escape sequences are what this removes
const unfinished = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[ -/]*)?$/;

export class PlainText {
  readonly #decoder = new TextDecoder('utf-8');
  #held = '';

  /** The plain text of the next bytes (possibly less, until the rest of a sequence arrives). */
  push(bytes: Uint8Array): string {
    return this.#convert(this.#held + this.#decoder.decode(bytes, { stream: true }), false);
  }

  /** What was held back, once the log is complete. */
  end(): string {
    return this.#convert(this.#held + this.#decoder.decode(), true);
  }

  #convert(text: string, last: boolean): string {
    let body = text;
    this.#held = '';
    if (!last) {
      const tail = unfinished.exec(body);
      // Carriage returns may be the start of a line break (a TTY writes CR CR LF for a script's CR LF):
      // decided with the next page.
      const cut = tail ? tail.index : body.length - (/\r*$/.exec(body)?.[0].length ?? 0);
      this.#held = body.slice(cut);
      body = body.slice(0, cut);
    }
    return body.replace(escapes, '').replace(/\r+\n|\r/g, '\n').replace(controls, '');
  }
}

/** The whole conversion at once (for tests and short logs). */
export function toPlainText(bytes: Uint8Array): string {
  const plain = new PlainText();
  return plain.push(bytes) + plain.end();
}
