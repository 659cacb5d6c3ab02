// The README promises that Kozmic installs on the Node it states in package.json. npm only warns when a
// package's declared engines exclude the running Node, so a dependency bump could quietly break that
// promise; this reads the lockfile and names every package whose engines leave out the stated minimum.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(`${root}/package-lock.json`, 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('Node engines', () => {
  const stated = semver.minVersion(manifest.engines.node);

  it('states a minimum Node version', () => {
    expect(stated?.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every locked package accepts the stated minimum Node', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        if (!range || !stated || semver.satisfies(stated, range)) return [];
        return [`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}`];
      });
    expect(refusing).toEqual([]);
  });
});
