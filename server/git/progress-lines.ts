// Turns git's `--progress` output into log lines. Git redraws a counter in place with `\r` several times
// a second ("Receiving objects:  42% (420/1000)"); a job log wants each phase's first and last state
// and a sample in between, not hundreds of lines.
import { StringDecoder } from 'node:string_decoder';

/** At most one intermediate update per phase this often. */
const SAMPLE_MS = 1_000;
const COUNTER = /^(.*?):\s+\d+% \(/;

export class ProgressLines {
  readonly #emit: (line: string) => void;
  readonly #now: () => number;
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';
  #lastLine = '';
  #phase = '';
  #phaseEmittedAt = 0;

  constructor(emit: (line: string) => void, now: () => number = Date.now) {
    this.#emit = emit;
    this.#now = now;
  }

  push(chunk: Buffer): void {
    const lines = (this.#partial + this.#decoder.write(chunk)).split(/\r\n|\r|\n/);
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#line(line);
  }

  /** Git ended: whatever it printed without a line end is a line too. */
  end(): void {
    this.#line(this.#partial + this.#decoder.end());
    this.#partial = '';
  }

  #line(raw: string): void {
    // Git pads redrawn lines with spaces to erase the previous, longer text.
    const line = raw.trimEnd();
    if (line.trim() === '' || line === this.#lastLine) return;
    const counter = COUNTER.exec(line);
    if (counter) {
      const phase = counter[1] ?? '';
      // Git closes every phase with a ", done." line, so intermediate 100% redraws can be sampled too.
      const final = line.endsWith('done.');
      const now = this.#now();
      if (phase === this.#phase && !final && now - this.#phaseEmittedAt < SAMPLE_MS) return;
      this.#phase = phase;
      this.#phaseEmittedAt = now;
    } else {
      this.#phase = '';
    }
    this.#lastLine = line;
    this.#emit(line);
  }
}
