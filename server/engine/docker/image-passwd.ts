// Which users an image defines, read from its /etc/passwd through the Docker API (the image may be on
// a remote engine, so nothing is read from the host). Cached per image id: an image never changes.
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { extract } from 'tar-stream';
import { statusCodeOf, toEngineError } from './engine-errors.js';
import { helperLabels } from './labels.js';
import { parsePasswd, type PasswdEntry } from './passwd.js';

const maxCachedImages = 256;
const maxPasswdBytes = 4 * 1024 * 1024;

export class ImagePasswd {
  readonly #docker: Docker;
  readonly #endpoint: string;
  readonly #cache = new Map<string, Promise<readonly PasswdEntry[]>>();

  constructor(docker: Docker, endpoint: string) {
    this.#docker = docker;
    this.#endpoint = endpoint;
  }

  /**
   * The image's passwd entries. `container`, when given, is one already created from the image (not
   * necessarily started): reading from it saves creating a throwaway one.
   */
  entries(imageId: string, container?: Docker.Container): Promise<readonly PasswdEntry[]> {
    const cached = this.#cache.get(imageId);
    if (cached) return cached;
    const reading = (container ? readPasswd(container) : this.#readWithHelper(imageId)).catch(
      (error: unknown) => {
        this.#cache.delete(imageId);
        throw toEngineError(error, this.#endpoint, `reading the users of image ${imageId}`);
      },
    );
    this.#cache.set(imageId, reading);
    if (this.#cache.size > maxCachedImages) this.#cache.delete(this.#cache.keys().next().value!);
    return reading;
  }

  async #readWithHelper(imageId: string): Promise<readonly PasswdEntry[]> {
    // Created, never started: a container is the only way the API lets us read a file of an image.
    // The command is irrelevant but must be set, or images without CMD/ENTRYPOINT are refused.
    const helper = await this.#docker.createContainer({
      Image: imageId,
      Entrypoint: [],
      Cmd: ['/never-started'],
      Labels: { ...helperLabels },
      HostConfig: { LogConfig: { Type: 'none', Config: {} } },
    });
    try {
      return await readPasswd(helper);
    } finally {
      await helper.remove({ force: true, v: true }).catch(() => undefined);
    }
  }
}

/** An image without /etc/passwd (scratch-based) defines no users. */
async function readPasswd(container: Docker.Container): Promise<readonly PasswdEntry[]> {
  let archive: NodeJS.ReadableStream;
  try {
    archive = await container.getArchive({ path: '/etc/passwd' });
  } catch (error) {
    if (statusCodeOf(error) === 404) return [];
    throw error;
  }
  return parsePasswd(await firstFileOf(archive));
}

/** The text of the archive's first entry when it is a regular file; '' otherwise (e.g. a symlink). */
async function firstFileOf(archive: NodeJS.ReadableStream): Promise<string> {
  const entries = extract();
  // Errors of either side reach the loop below through `entries`; stopping early ends both.
  pipeline(archive, entries).catch(() => undefined);
  for await (const entry of entries) {
    if (entry.header.type !== 'file' || (entry.header.size ?? 0) > maxPasswdBytes) return '';
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  return '';
}
