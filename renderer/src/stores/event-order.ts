// An HTTP answer and the event socket do not keep each other's order: an answer computed before an
// event may arrive after it, and would put back the older state (a finished build shown running until
// its next change). Each key's last event is numbered; an answer applies only to the keys that had
// no event while it was on its way. Every change sends an event, so what is skipped is never newer.
export class EventOrder {
  #sequence = 0;
  readonly #lastEvent = new Map<string, number>();

  /** An event about `key` arrived. */
  eventFor(key: string): void {
    this.#lastEvent.set(key, ++this.#sequence);
  }

  /** Call when a request leaves; the answer may then use `key` when this returns true for it. */
  requestSent(): (key: string) => boolean {
    const sentAt = this.#sequence;
    return (key) => (this.#lastEvent.get(key) ?? 0) <= sentAt;
  }

  forget(keyPrefix: string): void {
    for (const key of [...this.#lastEvent.keys()]) if (key.startsWith(keyPrefix)) this.#lastEvent.delete(key);
  }
}
