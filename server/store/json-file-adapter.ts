// A lowdb adapter for one JSON file. Reads report a damaged file instead of treating it as empty (an
// empty default would be written over the user's data); writes go through steno, which writes a
// temporary file and renames it over the old one, so a crash leaves the old or the new file, never a
// torn one, and coalesces writes that arrive while one is in flight.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import { Writer } from 'steno';
import { unreadableFileError } from './file-errors.js';

export interface JsonFileOptions<T> {
  /** Parses, migrates and checks the file's text; throws a CoreError naming the file when it can't. */
  readonly decode: (text: string) => T;
  /** Indentation for files people may want to read; history files stay compact. */
  readonly indent?: number;
}

export class JsonFileAdapter<T> implements Adapter<T> {
  readonly file: string;
  readonly #options: JsonFileOptions<T>;
  readonly #writer: Writer;

  constructor(file: string, options: JsonFileOptions<T>) {
    this.file = file;
    this.#options = options;
    this.#writer = new Writer(file);
  }

  /** Null when the file does not exist yet: the document starts from its default. */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw unreadableFileError(this.file, error);
    }
    return this.#options.decode(text);
  }

  async write(data: T): Promise<void> {
    // Serialised now, not when steno gets to it, so the bytes are those of this moment's document.
    const text = JSON.stringify(data, null, this.#options.indent);
    try {
      await this.#writer.write(text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // The first file in a folder (a new project's history, say): creating the folder only when
      // missing keeps the common write at its four file-system calls.
      await mkdir(dirname(this.file), { recursive: true });
      await this.#writer.write(text);
    }
  }
}
