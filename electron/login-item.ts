// "Start at login": the system's login items on macOS and Windows, an XDG autostart entry on Linux
// (what desktop environments read at session start). Kozmic then starts hidden, in the tray.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The command-line flag a login start passes: start in the tray, no window. */
export const hiddenFlag = '--hidden';

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export interface LoginItemTarget {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** The executable to start: the AppImage when run from one (its path is stable), else this one. */
  readonly execPath: string;
}

export function autostartFile(env: NodeJS.ProcessEnv): string {
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(config, 'autostart', 'kozmic.desktop');
}

export async function setStartAtLogin(enabled: boolean, app: LoginItemApp, target: LoginItemTarget): Promise<void> {
  if (target.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: [hiddenFlag] });
    return;
  }
  const file = autostartFile(target.env);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  const exec = target.env.APPIMAGE || target.execPath;
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(
    file,
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Kozmic',
      'Comment=Continuous integration on your own machine',
      `Exec=${quoteExec(exec)} ${hiddenFlag}`,
      'Icon=kozmic',
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
  );
}

/** Quotes a path as the Desktop Entry specification asks for arguments with spaces or reserved characters. */
export function quoteExec(path: string): string {
  if (!/[\s"'\\`$]/.test(path)) return path;
  return `"${path.replace(/(["`$\\])/g, '\\$1')}"`;
}
