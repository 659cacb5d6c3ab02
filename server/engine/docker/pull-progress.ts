// Docker reports a pull as a stream of JSON events, several per second per layer while downloading.
// A job log wants a handful of lines: one per layer per status change ("Downloading", "Pull complete"),
// never the progress bar ticks in between.

/** The fields of a pull progress event that we read. */
export interface PullEvent {
  readonly status?: string;
  readonly id?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
}

export class PullProgress {
  readonly #emit: (line: string) => void;
  /** The last status reported per layer (digits blanked so "Retrying in 4 seconds" counts once). */
  readonly #layerStatus = new Map<string, string>();
  #lastLine = '';

  constructor(emit: (line: string) => void) {
    this.#emit = emit;
  }

  add(event: PullEvent): void {
    const status = event.status?.trim();
    if (!status) return;
    if (event.id === undefined || event.id === '') {
      this.#line(status);
      return;
    }
    const key = status.replace(/\d+/g, '#');
    if (this.#layerStatus.get(event.id) === key) return;
    this.#layerStatus.set(event.id, key);
    const total = event.progressDetail?.total;
    this.#line(`${event.id}: ${status}${total !== undefined && total > 0 ? ` (${formatBytes(total)})` : ''}`);
  }

  #line(line: string): void {
    if (line === this.#lastLine) return;
    this.#lastLine = line;
    this.#emit(line);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}
