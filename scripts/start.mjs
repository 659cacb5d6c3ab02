// `npm start`: build what is out of date, then open the desktop app where Electron can run, otherwise
// start the headless host and say why. KOZMIC_HEADLESS=1 always chooses headless.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setInterval } from 'node:timers';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

function run(script) {
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\`npm run ${script}\` failed; see above.`);
    process.exit(result.status ?? 1);
  }
}

/** Path of the Electron binary, downloading it once if npm skipped that; null when it cannot be had. */
function electronBinary() {
  const find = () => {
    try {
      const path = require('electron');
      return typeof path === 'string' && existsSync(path) ? path : null;
    } catch {
      return null;
    }
  };
  if (find()) return find();
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return null;
  console.log('Fetching the Electron runtime (first start only)…');
  const result = spawnSync(process.execPath, [installer], { cwd: root, stdio: 'pipe', timeout: 300_000 });
  if (result.status !== 0) {
    console.log('The Electron runtime could not be downloaded (offline?).');
    return null;
  }
  return find();
}

function whyNotDesktop() {
  if (process.env.KOZMIC_HEADLESS === '1') return 'KOZMIC_HEADLESS=1 is set';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  }
  return null;
}

run('build');
const reason = whyNotDesktop();
const electron = reason ? null : electronBinary();
const child = electron
  ? spawn(electron, [root], { cwd: root, stdio: 'inherit' })
  : (console.log(`Starting Kozmic headless: ${reason ?? 'Electron cannot run on this machine'}.`),
    spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(root, 'scripts', 'die-with-parent.mjs')).href,
        join(root, 'out', 'server', 'main.js'),
      ],
      { cwd: root, stdio: 'inherit' },
    ));

// Stopping npm stops Kozmic. Ctrl+C already reaches the child through the terminal (passing it on
// too would count as a second Ctrl+C, which forces the exit); a SIGTERM or SIGHUP sent to npm or to
// this script alone is passed on. npm runs this script through a shell, which may die of the signal
// without passing it on: when this script's parent goes away, the child is stopped too.
let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
}
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGTERM'));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM');
}, 500).unref();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
