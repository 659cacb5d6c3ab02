// A `git cat-file --batch` process answering object requests as they come, so a caller can walk trees
// level by level (asking for children once it has read their parents) with one process in all.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { SourceError } from '../core/ports.js';
import { gitMissing, spawnGit, stopGit } from './run-git.js';

export interface GitObject {
  readonly id: string;
  readonly type: string;
  readonly content: Buffer;
}

type Waiter = { resolve(object: GitObject | null): void; reject(error: Error): void };

export class CatFileBatch {
  readonly #git: ChildProcessWithoutNullStreams;
  readonly #waiting: Waiter[] = [];
  readonly #timer: NodeJS.Timeout;
  #chunks: Buffer[] = [];
  #length = 0;
  /** Bytes needed before the next answer can be parsed; 0 while its header line is not complete yet. */
  #need = 0;
  #stderr = '';
  #failure: Error | null = null;

  constructor(mirror: string, timeoutMs: number) {
    this.#git = spawnGit(['--git-dir', mirror, 'cat-file', '--batch']);
    this.#timer = setTimeout(
      () => this.#fail(new SourceError(`git cat-file took longer than ${timeoutMs} ms.`)),
      timeoutMs,
    );
    this.#git.stdout.on('data', (chunk: Buffer) => this.#receive(chunk));
    this.#git.stderr.on(
      'data',
      (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-8192)),
    );
    this.#git.stdin.on('error', () => undefined); // reported through 'close'
    this.#git.on('error', (error) => this.#fail(gitMissing(error)));
    this.#git.on('close', (code) => {
      clearTimeout(this.#timer);
      this.#fail(new SourceError(`git cat-file exited (code ${code}) unexpectedly:\n${this.#stderr.trim()}`));
    });
  }

  /** Objects by name (`<id>`, `<sha>^{commit}`…), in order; null for a missing object. Names must not hold spaces. */
  read(names: readonly string[]): Promise<(GitObject | null)[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    const answers = names.map(
      () => new Promise<GitObject | null>((resolve, reject) => this.#waiting.push({ resolve, reject })),
    );
    this.#git.stdin.write(names.map((name) => `${name}\n`).join(''));
    return Promise.all(answers);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#failure ??= new SourceError('git cat-file was closed.');
    this.#git.stdin.end();
  }

  #receive(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    // Concatenate only once a whole answer is there: a large tree arrives in many chunks.
    if (this.#need > this.#length) return;
    let buffer = Buffer.concat(this.#chunks);
    while (this.#waiting.length > 0) {
      const lineEnd = buffer.indexOf(10);
      if (lineEnd === -1) break;
      const header = buffer.subarray(0, lineEnd).toString('utf8').split(' ');
      if (header.length === 2) {
        // `<name> missing` (or `ambiguous`)
        buffer = buffer.subarray(lineEnd + 1);
        this.#waiting.shift()!.resolve(null);
        continue;
      }
      const size = Number(header[2]);
      if (header.length !== 3 || !Number.isSafeInteger(size)) {
        this.#fail(
          new SourceError(`Unexpected answer from git cat-file: ${JSON.stringify(header.join(' '))}`),
        );
        return;
      }
      const end = lineEnd + 1 + size;
      if (buffer.length < end + 1) {
        this.#need = end + 1;
        break;
      }
      const object = {
        id: header[0]!,
        type: header[1]!,
        content: Buffer.from(buffer.subarray(lineEnd + 1, end)),
      };
      buffer = buffer.subarray(end + 1);
      this.#need = 0;
      this.#waiting.shift()!.resolve(object);
    }
    this.#chunks = buffer.length > 0 ? [buffer] : [];
    this.#length = buffer.length;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#failure);
    stopGit(this.#git);
  }
}
