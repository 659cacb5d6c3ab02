// Anyone can reach the webhook port, so a client's mistakes (uploads dropped half-way, bodies whose
// framing is broken) must not write a log entry each: they are counted, and one summary line says
// how many of each there were, at most once per interval.

/** A request body that could not be read because of the client: not a fault of this server. */
export class ClientMistakeError extends Error {
  constructor(
    readonly kind: string,
    options?: ErrorOptions,
  ) {
    super(kind, options);
  }
}

export class ClientMistakes {
  readonly #counts = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly report: (summary: string) => void,
    private readonly intervalMs: number,
  ) {}

  count(kind: string): void {
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
    if (this.#timer) return;
    this.#timer = setTimeout(() => this.flush(), this.intervalMs);
    this.#timer.unref();
  }

  /** Reports what was counted since the last summary, if anything. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#counts.size === 0) return;
    const total = [...this.#counts.values()].reduce((a, b) => a + b, 0);
    const kinds = [...this.#counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
    this.#counts.clear();
    this.report(
      `The webhook port refused ${total} broken request${total === 1 ? '' : 's'} from clients (${kinds}).`,
    );
  }
}
