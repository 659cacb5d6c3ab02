import type { EventName, Events } from '../contract/events.js';

export type Disposer = () => void;
export type EventListener = <K extends EventName>(name: K, payload: Events[K]) => void;

/**
 * Fan-out of core events to every window, browser and internal listener. A listener that throws is
 * reported and skipped: one broken subscriber must never stop the others or the emitter.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  emit<K extends EventName>(name: K, payload: Events[K]): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(name, payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** Every event, until the returned disposer is called. */
  subscribe(listener: EventListener): Disposer {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
