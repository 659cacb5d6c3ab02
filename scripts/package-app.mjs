// `npm run pack` / `npm run dist`: packages the built app with electron-builder (configuration in
// electron-builder.yml). The packaging tools live in build/tools, installed here on first use, so the
// app's own `npm install` stays free of them (see build/tools/package.json for why).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, 'build', 'tools');
const builder = join(tools, 'node_modules', 'electron-builder', 'cli.js');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(builder)) {
  console.log('Installing the packaging tools into build/tools (once)…');
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefix', tools], { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
}

// --dir: the unpacked app only (no installer); anything else is passed to electron-builder as is.
const args = process.argv.slice(2);
run(process.execPath, [builder, '--projectDir', root, ...args], { cwd: root });
