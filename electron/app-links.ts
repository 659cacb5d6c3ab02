// `kozmic://open/projects/<id>/builds/<n>` links (the webhook port's build-link page offers them): the
// desktop app registers the scheme and opens the build such a link names in its window. macOS hands
// links over with `open-url`; Windows and Linux start a second instance whose argv holds the link,
// which the single-instance lock turns into `second-instance` here.
import { app } from 'electron';
import { resolve } from 'node:path';
import { pathOfAppLink } from '../server/core/build-links.js';

export const appLinkScheme = 'kozmic';

/** Registers the scheme and calls `open` with the interface path of every link, also the one Kozmic started with. */
export function handleAppLinks(open: (path: string) => void): void {
  // Started as `electron .` during development the link must come back through the same script.
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(appLinkScheme, process.execPath, [resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(appLinkScheme);
  }
  const openLink = (link: string | undefined) => {
    const path = link ? pathOfAppLink(link) : null;
    if (path) open(path);
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });
  app.on('second-instance', (_event, argv) => openLink(argv.find((arg) => arg.startsWith(`${appLinkScheme}:`))));
  openLink(process.argv.find((arg) => arg.startsWith(`${appLinkScheme}:`)));
}
