// Runs once before the end-to-end tests: Chromium and a Docker engine must be there (a clear failure
// otherwise, never a skip), then the built app (server and renderer) and the small test images.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default function setup(): void {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error(
      'The end-to-end tests drive Chromium at /usr/bin/chromium, which is missing. ' +
        'Install it: `apt-get install -y chromium` (Playwright never downloads browsers here).',
    );
  }
  try {
    execFileSync('docker', ['info'], { stdio: 'pipe', timeout: 15_000 });
  } catch {
    throw new Error('The end-to-end tests need a running Docker engine: `bash scripts/ensure-docker.sh`.');
  }
  execFileSync('bash', ['test/fixtures/images/build-test-images.sh'], { cwd: root, stdio: 'inherit' });
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
