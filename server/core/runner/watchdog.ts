/**
 * Stops a job that has printed nothing for `stallMs`, or has run longer than `timeoutMs`. `touch()` on
 * every output chunk; `trip` is called at most once, with the reason to show the user.
 */
export class Watchdog {
  readonly #stallMs: number;
  readonly #trip: (reason: string) => void;
  #stallTimer: NodeJS.Timeout | null = null;
  readonly #timeoutTimer: NodeJS.Timeout;
  #tripped = false;
  #touchedAt = 0;

  constructor(stallMs: number, timeoutMs: number, trip: (reason: string) => void) {
    this.#stallMs = stallMs;
    this.#trip = trip;
    this.#timeoutTimer = setTimeout(
      () => this.#fire(`The job ran longer than its ${seconds(timeoutMs)} limit and was stopped.`),
      timeoutMs,
    );
    this.touch();
  }

  touch(): void {
    if (this.#tripped) return;
    // Output arrives thousands of times a second; re-arming the timer more than every 100 ms buys nothing.
    const now = Date.now();
    if (now - this.#touchedAt < 100) return;
    this.#touchedAt = now;
    if (this.#stallTimer) this.#stallTimer.refresh();
    else {
      this.#stallTimer = setTimeout(
        () => this.#fire(`The job printed nothing for ${seconds(this.#stallMs)} and was stopped as stalled.`),
        this.#stallMs,
      );
    }
  }

  stop(): void {
    if (this.#stallTimer) clearTimeout(this.#stallTimer);
    clearTimeout(this.#timeoutTimer);
  }

  #fire(reason: string): void {
    if (this.#tripped) return;
    this.#tripped = true;
    this.stop();
    this.#trip(reason);
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
