// The desktop shell's own preferences (window placement, paused notifications, start at login): the
// shell's business, not the core's, so they live beside the core's data in a small file of their own.
import { readFileSync } from 'node:fs';
import { writePrivateFileAtomic } from '../server/shared/atomic-file.js';
import { join } from 'node:path';

export interface WindowBounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

export interface DesktopPreferences {
  readonly windowBounds: WindowBounds | null;
  /** Native notifications are held back until then (ISO time), or null. */
  readonly pausedUntil: string | null;
  readonly startAtLogin: boolean;
}

const defaults: DesktopPreferences = { windowBounds: null, pausedUntil: null, startAtLogin: false };

export class Preferences {
  #current: DesktopPreferences;
  #writing: Promise<void> = Promise.resolve();
  readonly #file: string;

  constructor(dataDir: string) {
    this.#file = join(dataDir, 'desktop.json');
    this.#current = read(this.#file);
  }

  get current(): DesktopPreferences {
    return this.#current;
  }

  /** Applies `change` at once and writes it behind (atomically, one write at a time). */
  update(change: Partial<DesktopPreferences>): Promise<void> {
    this.#current = { ...this.#current, ...change };
    const snapshot = JSON.stringify(this.#current, null, 2);
    this.#writing = this.#writing.then(async () => {
      await writePrivateFileAtomic(this.#file, snapshot);
    });
    return this.#writing;
  }
}

/** A missing or unreadable file means defaults: these are conveniences, never worth refusing to start. */
function read(file: string): DesktopPreferences {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<DesktopPreferences>;
    return {
      windowBounds: validBounds(saved.windowBounds) ? saved.windowBounds : null,
      pausedUntil: typeof saved.pausedUntil === 'string' ? saved.pausedUntil : null,
      startAtLogin: saved.startAtLogin === true,
    };
  } catch {
    return defaults;
  }
}

function validBounds(value: unknown): value is WindowBounds {
  const b = value as WindowBounds | null | undefined;
  return !!b && [b.x, b.y, b.width, b.height].every(Number.isFinite) && b.width >= 400 && b.height >= 300;
}
