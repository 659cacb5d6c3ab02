// `kozmic://open/projects/<id>/builds/<n>` links (the webhook port's build-link page offers them): the
// desktop app registers the scheme and opens the build such a link names in its window. macOS hands
// links over with `open-url`; Windows and Linux start a second instance whose argv holds the link,
// which the single-instance lock turns into `second-instance` here.
import { resolve } from 'node:path';
import { pathOfAppLink } from '../server/core/build-paths.js';

export const appLinkScheme = 'kozmic';

/** What of Electron's `app` the links need (so they can be tested without Electron). */
export interface AppLinkHost {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
}

export interface AppLinkProcess {
  readonly argv: readonly string[];
  readonly execPath: string;
  /** Set when started as `electron <script>` (development), not as the packaged app. */
  readonly defaultApp?: boolean;
}

/** Registers the scheme and calls `open` with the interface path of every link, also the one Kozmic started with. */
export function handleAppLinks(app: AppLinkHost, host: AppLinkProcess, open: (path: string) => void): void {
  // Started as `electron .` during development the link must come back through the same script.
  if (host.defaultApp && host.argv[1]) {
    app.setAsDefaultProtocolClient(appLinkScheme, host.execPath, [resolve(host.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(appLinkScheme);
  }
  const linkIn = (argv: readonly string[]) => argv.find((arg) => arg.startsWith(`${appLinkScheme}:`));
  const openLink = (link: string | undefined) => {
    const path = link ? pathOfAppLink(link) : null;
    if (path) open(path);
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });
  app.on('second-instance', (_event, argv) => openLink(linkIn(argv)));
  openLink(linkIn(host.argv));
}
