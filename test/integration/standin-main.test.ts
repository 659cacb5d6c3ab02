// `npm run standin` prints the command that points Kozmic at it: that command must name the ports
// really in use (the stand-in's STANDIN_PORT, Kozmic's KOZMIC_PORT).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/free-port.js';
import { appRoot } from './headless-process.js';

describe('npm run standin', () => {
  it('prints a command with the Kozmic port it was given, and says which variable sets its own', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/standin/main.ts'], {
      cwd: appRoot,
      env: { ...process.env, STANDIN_PORT: String(port), KOZMIC_PORT: '7555' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await expect.poll(() => output, { timeout: 30_000 }).toContain('Stop with Ctrl-C');
      expect(output).toContain(`running at http://127.0.0.1:${port}`);
      expect(output).toContain('KOZMIC_PORT=7555 ');
      expect(output).toContain('KOZMIC_PUBLIC_URL=http://127.0.0.1:7555 npm start');
      expect(output).not.toContain(':7420');
      expect(output).toContain('STANDIN_PORT');
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
