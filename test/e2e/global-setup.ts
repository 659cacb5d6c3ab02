// Runs once before the end-to-end tests: the built app (server and renderer) and the small test images.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default function setup(): void {
  execFileSync('bash', ['test/fixtures/images/build-test-images.sh'], { cwd: root, stdio: 'inherit' });
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
