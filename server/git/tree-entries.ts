// Git's binary tree format: entries of `<octal mode> <name>\0<raw object id>`, one after another.
import { SourceError } from '../core/ports.js';

export interface TreeEntry {
  readonly id: string;
  readonly isTree: boolean;
}

/**
 * Calls `wanted(name)` for each entry name (UTF-8) and records the entries it returns a target for;
 * ids are decoded only for those. `idBytes` is 20 in SHA-1 repositories, 32 in SHA-256 ones.
 */
export function pickTreeEntries<T>(
  content: Buffer,
  idBytes: number,
  wanted: (name: string) => T | undefined,
  found: (target: T, entry: TreeEntry) => void,
): void {
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(0x20, offset);
    const nul = content.indexOf(0, space);
    if (space === -1 || nul === -1 || nul + 1 + idBytes > content.length) {
      throw new SourceError('The mirror holds a malformed git tree.');
    }
    const target = wanted(content.toString('utf8', space + 1, nul));
    if (target !== undefined) {
      // Mode 40000 is a folder; files, symlinks and submodules (whose id is the pinned commit) are not.
      const isTree = content.toString('latin1', offset, space) === '40000';
      found(target, { id: content.toString('hex', nul + 1, nul + 1 + idBytes), isTree });
    }
    offset = nul + 1 + idBytes;
  }
}
