import { join } from 'node:path';

/** Where a user's Kozmic data lives when KOZMIC_DATA_DIR does not say, following each OS's convention. */
export function defaultDataDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Kozmic');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Kozmic');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'kozmic');
}
