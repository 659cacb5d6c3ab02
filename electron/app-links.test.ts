import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleAppLinks, type AppLinkHost } from './app-links.js';

/** Electron's `app` as far as links go: it records the registration and emits what the system sends. */
function fakeApp() {
  const emitter = new EventEmitter();
  const registered: unknown[][] = [];
  const app = {
    setAsDefaultProtocolClient: (...args: unknown[]) => registered.push(args) > 0,
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
  } as AppLinkHost;
  return { app, emitter, registered };
}

describe('kozmic:// links', () => {
  it('register the scheme and open the builds they name, from start-up, macOS and a second instance', () => {
    const { app, emitter, registered } = fakeApp();
    const opened: string[] = [];
    handleAppLinks(
      app,
      { argv: ['/opt/Kozmic/kozmic', 'kozmic://open/projects/p1/builds/3'], execPath: '/opt/Kozmic/kozmic' },
      (path) => opened.push(path),
    );
    expect(registered).toEqual([['kozmic']]);
    let prevented = false;
    emitter.emit(
      'open-url',
      { preventDefault: () => (prevented = true) },
      'kozmic://open/projects/p1/builds/4',
    );
    emitter.emit('second-instance', {}, [
      '/opt/Kozmic/kozmic',
      '--flag',
      'kozmic://open/projects/p2/builds/5',
    ]);
    // Anything but a build is ignored.
    emitter.emit('open-url', { preventDefault: () => undefined }, 'kozmic://open/settings');
    emitter.emit('second-instance', {}, ['/opt/Kozmic/kozmic']);
    expect(prevented).toBe(true);
    expect(opened).toEqual(['/projects/p1/builds/3', '/projects/p1/builds/4', '/projects/p2/builds/5']);
  });

  it('come back through the same script when started as `electron <script>`', () => {
    const { app, registered } = fakeApp();
    handleAppLinks(
      app,
      { argv: ['/usr/bin/electron', '/src/kozmic'], execPath: '/usr/bin/electron', defaultApp: true },
      () => undefined,
    );
    expect(registered).toEqual([['kozmic', '/usr/bin/electron', ['/src/kozmic']]]);
  });
});
