// The tunnel keeper's life cycle with tunnels scripted at the port (the adapter itself is tested against
// the tunnel server stand-in in localtunnel-tunnel.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsDto, TunnelStatusDto } from '../contract/dto.js';
import { EventBus } from './event-bus.js';
import { TunnelError, type OpenTunnel } from './ports.js';
import { TunnelKeeper } from './tunnel-keeper.js';
import { defaultSettings } from '../../test/fixtures/runner-harness.js';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Opens tunnel-1, tunnel-2… or fails while `failing` is set; each can be lost on demand. */
function scriptedTunnels() {
  const script = {
    failing: null as string | null,
    opened: [] as { url: string; lose: (reason: string) => void; closed: boolean }[],
    asked: [] as { server: string; localPort: number; subdomain: string | null }[],
  };
  const open: OpenTunnel = async (options) => {
    script.asked.push(options);
    if (script.failing) throw new TunnelError(script.failing);
    let lose: (reason: string) => void = () => undefined;
    const lost = new Promise<string>((settle) => (lose = settle));
    const entry = { url: `https://tunnel-${script.opened.length + 1}.example`, lose, closed: false };
    script.opened.push(entry);
    return { url: entry.url, lost, close: () => void (entry.closed = true) };
  };
  return { script, open };
}

describe('TunnelKeeper', () => {
  let keeper: TunnelKeeper | null = null;
  afterEach(() => keeper?.close());

  function start(settings: Partial<SettingsDto>) {
    const current = { ...defaultSettings, ...settings };
    const events = new EventBus((error) => {
      throw error;
    });
    const seen: TunnelStatusDto[] = [];
    events.subscribe((name, payload) => {
      if (name === 'tunnel.changed') seen.push(payload as TunnelStatusDto);
    });
    const tunnels = scriptedTunnels();
    keeper = new TunnelKeeper({ open: tunnels.open, settings: () => current, events, log });
    return { keeper, current, seen, ...tunnels };
  }

  it('stays off unless wanted, and waits for the webhook port before opening', async () => {
    const off = start({ tunnel: false });
    off.keeper.listening(7420);
    expect(off.keeper.status().state).toBe('off');
    expect(off.script.asked).toEqual([]);

    const on = start({ tunnel: true, tunnelServer: 'https://tunnels.example', tunnelSubdomain: 'kozmic-ci' });
    on.keeper.settingsChanged(true);
    expect(on.keeper.status().state).toBe('waiting');
    on.keeper.listening(7420);
    await expect.poll(() => on.keeper.url()).toBe('https://tunnel-1.example');
    expect(on.script.asked).toEqual([{ server: 'https://tunnels.example', localPort: 7420, subdomain: 'kozmic-ci' }]);
    expect(on.seen.map((s) => s.state)).toEqual(['waiting', 'connecting', 'open']);
  });

  it('opens a new tunnel when one is lost or found dead, saying why', async () => {
    const t = start({ tunnel: true });
    t.keeper.listening(7420);
    await expect.poll(() => t.keeper.url()).toBe('https://tunnel-1.example');
    t.script.opened[0]!.lose('The tunnel was lost: connection refused.');
    await expect.poll(() => t.keeper.url()).toBe('https://tunnel-2.example');
    expect(t.seen.find((s) => s.state === 'connecting' && s.problem)?.problem).toContain('connection refused');
    t.keeper.suspect('The tunnel stopped carrying requests.');
    await expect.poll(() => t.keeper.url()).toBe('https://tunnel-3.example');
    expect(t.script.opened[1]!.closed).toBe(true);
  });

  it('keeps trying with growing pauses while the server refuses, then opens', async () => {
    const t = start({ tunnel: true });
    t.script.failing = 'The tunnel server refused a tunnel: busy.';
    t.keeper.listening(7420);
    await expect.poll(() => t.keeper.status().state).toBe('failed');
    expect(t.keeper.status()).toMatchObject({ problem: 'The tunnel server refused a tunnel: busy.' });
    expect(Date.parse(t.keeper.status().retryAt!)).toBeGreaterThan(Date.now());
    t.script.failing = null;
    await expect.poll(() => t.keeper.url(), { timeout: 5_000 }).toBe('https://tunnel-1.example');
  });

  it('closes the tunnel when it is turned off, and reopens when its server or name change', async () => {
    const t = start({ tunnel: true });
    t.keeper.listening(7420);
    await expect.poll(() => t.keeper.url()).toBe('https://tunnel-1.example');
    t.current.tunnelSubdomain = 'another-name';
    t.keeper.settingsChanged();
    await expect.poll(() => t.keeper.url()).toBe('https://tunnel-2.example');
    expect(t.script.opened[0]!.closed).toBe(true);
    t.keeper.settingsChanged();
    expect(t.script.opened).toHaveLength(2);
    t.current.tunnel = false;
    t.keeper.settingsChanged();
    expect(t.keeper.status()).toMatchObject({ state: 'off', url: null });
    expect(t.script.opened[1]!.closed).toBe(true);
  });
});
