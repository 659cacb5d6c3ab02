// Lazily loaded lowdb documents with a bounded LRU, so history costs memory only for what is used.
//
// One file must never have two live documents: if an entry were evicted while an operation still held
// it and a reader then loaded the file again, the cache would keep a copy without that operation's
// change and the next writer would write the change away. Operations that modify documents therefore
// pin them with a Lease until their writes are done; eviction skips pinned entries.
import type { Low } from 'lowdb';
import type { CoreError } from '../core/ports.js';
import { isVerdictOnContent } from './file-errors.js';

/** The documents one operation holds; release() once its writes have settled. */
export class Lease {
  readonly #releases: (() => void)[] = [];

  hold(release: () => void): void {
    this.#releases.push(release);
  }

  release(): void {
    for (const release of this.#releases.splice(0)) release();
  }
}

export class DocumentCache<T> {
  readonly #limit: number;
  /** Insertion order is recency: the first entry is the least recently used. */
  readonly #entries = new Map<string, Promise<Low<T>>>();
  readonly #pins = new Map<string, number>();
  /** Files found damaged or too new: refused until restart, so nothing is ever written over them. */
  readonly #broken = new Map<string, CoreError>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The document for `file`, made by `open` and read from disk when not cached. */
  get(file: string, open: () => Low<T>, lease?: Lease): Promise<Low<T>> {
    const broken = this.#broken.get(file);
    if (broken) return Promise.reject(broken);
    if (lease) this.#pin(file, lease);
    let entry = this.#entries.get(file);
    if (entry) this.#entries.delete(file);
    else entry = this.#load(file, open());
    this.#entries.set(file, entry);
    this.#evictOverflow();
    return entry;
  }

  /** Forgets a document whose in-memory state may differ from disk (its write failed). */
  discard(file: string): void {
    this.#entries.delete(file);
  }

  /** Forgets every document under a folder that is being removed, damaged ones included. */
  discardUnder(folder: string): void {
    for (const map of [this.#entries, this.#broken]) {
      for (const file of [...map.keys()]) if (file.startsWith(folder)) map.delete(file);
    }
  }

  #load(file: string, document: Low<T>): Promise<Low<T>> {
    const loading = document.read().then(() => document);
    loading.catch((error: unknown) => {
      if (this.#entries.get(file) === loading) this.#entries.delete(file);
      // Only a verdict on the content is permanent; an I/O hiccup or a permission may be fixed.
      if (isVerdictOnContent(error)) this.#broken.set(file, error as CoreError);
    });
    return loading;
  }

  #pin(file: string, lease: Lease): void {
    this.#pins.set(file, (this.#pins.get(file) ?? 0) + 1);
    lease.hold(() => {
      const pins = (this.#pins.get(file) ?? 1) - 1;
      if (pins > 0) this.#pins.set(file, pins);
      else this.#pins.delete(file);
      this.#evictOverflow();
    });
  }

  #evictOverflow(): void {
    if (this.#entries.size <= this.#limit) return;
    for (const file of this.#entries.keys()) {
      if (this.#entries.size <= this.#limit) return;
      if (!this.#pins.has(file)) this.#entries.delete(file);
    }
  }
}
