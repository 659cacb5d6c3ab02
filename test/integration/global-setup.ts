// Runs once before the integration tests: they use the real Docker engine and the built app, so both
// must be there. A missing engine fails the run with what to install, never a silent skip.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function dockerProblem(): string | null {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 15_000 });
    return null;
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
    return detail;
  }
}

export default function setup(): void {
  const problem = dockerProblem();
  if (problem) {
    throw new Error(
      `The integration tests need a running Docker engine, and none answers:\n  ${problem}\n` +
        'Install and start one: `apt-get install -y docker.io && bash scripts/ensure-docker.sh` ' +
        '(or start Docker Desktop), then run the tests again.',
    );
  }
  // The runner tests need two small local images; built once, reused while their tags exist.
  execFileSync('bash', ['test/fixtures/images/build-test-images.sh'], { cwd: root, stdio: 'inherit' });
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
