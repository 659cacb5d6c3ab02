// The Host names the interface answers to (DNS rebinding guard), bound to loopback and beyond.
import { describe, expect, it } from 'vitest';
import { foreignHostMessage, uiHostsFor } from './ui-access.js';

const machine = { hostname: 'ci-box.lan', addresses: ['127.0.0.1', '10.0.0.5', 'fe80::1', '::1'] };

describe('uiHostsFor', () => {
  it('bound to loopback, answers to loopback names only (and to what the operator adds)', () => {
    const hosts = uiHostsFor('127.0.0.1', 7421, [], machine);
    expect([...hosts].sort()).toEqual(['127.0.0.1:7421', '[::1]:7421', 'localhost:7421']);
    expect(uiHostsFor('localhost', 7421, ['ci.example.com'], machine).has('ci.example.com')).toBe(true);
  });

  it('bound to every interface, answers to the machine own names and addresses, not to any name', () => {
    const hosts = uiHostsFor('0.0.0.0', 7421, [], machine);
    for (const host of [
      '10.0.0.5:7421',
      'ci-box.lan:7421',
      'ci-box:7421',
      '[fe80::1]:7421',
      'localhost:7421',
    ]) {
      expect(hosts.has(host), host).toBe(true);
    }
    for (const host of ['attacker.test:7421', 'attacker.test', '10.0.0.5:80', '0.0.0.0:7421']) {
      expect(hosts.has(host), host).toBe(false);
    }
  });

  it('bound to one address, answers to it', () => {
    expect(uiHostsFor('192.168.1.9', 8000, [], machine).has('192.168.1.9:8000')).toBe(true);
  });

  it('takes KOZMIC_UI_ALLOWED_HOSTS entries as given (a proxy sends no port) and with the port', () => {
    const hosts = uiHostsFor('0.0.0.0', 7421, ['CI.example.com', 'proxy.lan:443'], machine);
    expect(hosts.has('ci.example.com')).toBe(true);
    expect(hosts.has('ci.example.com:7421')).toBe(true);
    expect(hosts.has('proxy.lan:443')).toBe(true);
    expect(hosts.has('proxy.lan:443:7421')).toBe(false);
  });

  it('tells a refused address how to be let in', () => {
    expect(foreignHostMessage('ci.example.com')).toMatch(/"ci\.example\.com".*KOZMIC_UI_ALLOWED_HOSTS/);
  });
});
