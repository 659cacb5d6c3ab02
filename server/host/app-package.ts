import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The installed app's root folder (where package.json is), found from this file whether it runs as
 * TypeScript from server/ or compiled from out/server/.
 */
export function appRoot(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === 'kozmic') return dir;
    } catch {
      // not here; keep walking up
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find Kozmic's package.json above ${import.meta.dirname}`);
}

export function appVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
