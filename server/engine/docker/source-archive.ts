// The one tar a step container receives before it starts: `kozmic/`, the step files (the script) and
// the commit's tree re-packed under `kozmic/src/`, every entry owned by the step's user so the script
// can write there. Streamed entry by entry: a big tree is never held in memory.
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract, pack, type Header, type Pack } from 'tar-stream';
import type { Owner } from './passwd.js';

/** A file to place in the container beside the source, under `/kozmic/` (the script). */
export interface StepFile {
  /** Path relative to `/kozmic/`, e.g. `script`. */
  readonly path: string;
  readonly content: Buffer;
  readonly mode: number;
}

export const stepRoot = 'kozmic/';
export const sourceRoot = 'kozmic/src/';
/**
 * Written after everything else: the container was started before its files arrived (see
 * step-container.ts). Named per container, so the marker of an earlier step, kept in a committed
 * install image, never starts a later step early.
 */
export function readyMarkerOf(nonce: string): string {
  return `kozmic/.ready-${nonce}`;
}

/** Ids beyond ustar's 7 octal digits need a pax record (rootless engines map users that high). */
const maxUstarId = 0o7777777;

type EntryHeader = Parameters<Pack['entry']>[0];

export interface StepArchive {
  /** The tar to extract at `/`. */
  readonly stream: Pack;
  /** Settles once everything was packed; rejects with the source's own error when reading it failed. */
  readonly done: Promise<void>;
}

export function stepArchive(
  files: readonly StepFile[],
  source: NodeJS.ReadableStream,
  owner: Owner,
  readyMarker: string,
): StepArchive {
  const stream = pack();
  const done = packAll(stream, files, source, owner, readyMarker).catch((error: unknown) => {
    stream.destroy(error as Error);
    throw error;
  });
  return { stream, done };
}

async function packAll(
  out: Pack,
  files: readonly StepFile[],
  source: NodeJS.ReadableStream,
  owner: Owner,
  readyMarker: string,
) {
  const mtime = new Date();
  await add(out, ownedBy(owner, { name: stepRoot, type: 'directory', mode: 0o755, mtime }));
  await add(out, ownedBy(owner, { name: sourceRoot, type: 'directory', mode: 0o755, mtime }));
  for (const file of files) {
    await add(
      out,
      ownedBy(owner, { name: stepRoot + file.path, type: 'file', mode: file.mode, mtime }),
      file.content,
    );
  }

  const entries = extract();
  const feeding = pipeline(source, entries);
  // A failing source also fails the loop below; this only keeps the second report from going unhandled.
  feeding.catch(() => undefined);
  for await (const entry of entries) {
    const header = repackedHeader(entry.header, owner);
    if (header === null) entry.resume();
    else await pipeline(entry, out.entry(header));
  }
  await feeding;
  // Last, once everything else is in place: the step waits for this file before it runs the script.
  await add(out, ownedBy(owner, { name: readyMarker, type: 'file', mode: 0o644, mtime }));
  out.finalize();
}

function add(out: Pack, header: EntryHeader, content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    out.entry(header, content ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * A source entry moved under `kozmic/src/` and given to `owner`, or null for what does not belong in
 * a source tree: the root itself, paths escaping it, devices and fifos.
 */
export function repackedHeader(header: Header, owner: Owner): EntryHeader | null {
  const name = sourcePath(header.name);
  if (name === null) return null;
  const base = { name: sourceRoot + name, mode: header.mode & 0o7777, mtime: header.mtime };
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      return ownedBy(owner, { ...base, type: 'file', size: header.size });
    case 'directory':
      return ownedBy(owner, { ...base, type: 'directory' });
    case 'symlink':
      // Relative or absolute, a symlink means the same thing inside the container: keep its target.
      return ownedBy(owner, { ...base, type: 'symlink', linkname: header.linkname });
    case 'link': {
      // A hard link names another entry of the archive, which moved too.
      const target = sourcePath(header.linkname);
      return target === null
        ? null
        : ownedBy(owner, { ...base, type: 'link', linkname: sourceRoot + target });
    }
    default:
      return null;
  }
}

function sourcePath(name: string): string | null {
  const normal = posix.normalize(name.replace(/^\/+/, ''));
  if (normal === '.' || normal === './' || normal === '..' || normal.startsWith('../')) return null;
  return normal;
}

function ownedBy(owner: Owner, header: EntryHeader): EntryHeader {
  const big = owner.uid > maxUstarId || owner.gid > maxUstarId;
  return {
    ...header,
    uid: owner.uid,
    gid: owner.gid,
    uname: '',
    gname: '',
    ...(big ? { pax: { uid: String(owner.uid), gid: String(owner.gid) } } : {}),
  };
}
