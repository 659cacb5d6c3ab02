import { describe, expect, it } from 'vitest';
import { buildDetailsUrl } from './build-links.js';
import { appLinkOf, buildOfPath, pathOfAppLink } from './build-paths.js';

describe('build links', () => {
  it('lead to the interface when its public address is set, else to the link page on the public URL', () => {
    expect(
      buildDetailsUrl({ ui: 'https://ci.example.com/', webhooks: 'https://hooks.example.com' }, 'p1', 4),
    ).toBe('https://ci.example.com/projects/p1/builds/4');
    expect(buildDetailsUrl({ ui: null, webhooks: 'https://hooks.example.com' }, 'p1', 4)).toBe(
      'https://hooks.example.com/projects/p1/builds/4',
    );
    expect(buildDetailsUrl({ ui: null, webhooks: null }, 'p1', 4)).toBeNull();
  });

  it('open only a build in the app', () => {
    expect(pathOfAppLink(appLinkOf('p1', 4))).toBe('/projects/p1/builds/4');
    for (const link of [
      'kozmic://open/settings',
      'kozmic://open/projects/p1/builds/4?x=1',
      'kozmic://evil/projects/p1/builds/4',
      'kozmic://open/projects/../builds/4',
      'https://open/projects/p1/builds/4',
      'not a link',
    ]) {
      expect(pathOfAppLink(link), link).toBeNull();
    }
    expect(buildOfPath('/projects/p1/builds/0')).toBeNull();
    expect(buildOfPath('/projects/P1/builds/3')).toBeNull();
  });
});
