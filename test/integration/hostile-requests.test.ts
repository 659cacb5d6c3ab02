// A real headless host against requests no browser or GitHub would send: bad escapes and broken
// framing are the client's mistake, answered 400 (or dropped) without a stack trace in the log.
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';
import { abortedUpload, malformedChunked, rawRequest, rawResponse } from './raw-http.js';

let app: HeadlessApp;
let uiPort: number;
beforeAll(async () => {
  app = await startHeadless(await makeDataDir());
  uiPort = Number(new URL(app.url).port);
});
afterAll(async () => {
  await app.stop();
  await removeDataDir(app.dataDir);
});

const get = (target: string) =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${uiPort}\r\nConnection: close\r\n\r\n`;

describe('the interface port, without a token', () => {
  it.each(['/%E0%A4%A', '/assets/%ff', '/%', '//['])(
    'answers GET %s with 400 and logs no stack trace',
    async (target) => {
      expect(await rawRequest(uiPort, get(target))).toBe(400);
      expect(app.output()).not.toMatch(/URIError|Invalid URL|failed on a request|\n\s+at /);
    },
  );
});

describe('the webhook port', () => {
  it('answers an unparsable request target with 400', async () => {
    const target = `GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
    expect(await rawRequest(app.webhookPort, target)).toBe(400);
    expect(app.output()).not.toMatch(/Invalid URL|failed on a request/);
  });

  it('writes nothing to the log for each aborted upload or malformed chunked body', async () => {
    for (let i = 0; i < 20; i++) {
      await abortedUpload(app.webhookPort, '/hooks/github/abc');
      await malformedChunked(app.webhookPort, '/hooks/github/abc');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.output()).not.toMatch(/aborted|failed on a request|\n\s+at /);
  });
});

describe('the interface bound to every interface', () => {
  let team: HeadlessApp;
  let port: number;
  beforeAll(async () => {
    team = await startHeadless(await makeDataDir(), {
      KOZMIC_UI_HOST: '0.0.0.0',
      KOZMIC_UI_ALLOWED_HOSTS: 'ci.example.com',
    });
    port = Number(new URL(team.url).port);
  });
  afterAll(async () => {
    await team.stop();
    await removeDataDir(team.dataDir);
  });

  const statusFor = (host: string) =>
    rawRequest(port, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

  it('still refuses a foreign Host (DNS rebinding), saying how to allow it', async () => {
    expect(await statusFor(`attacker.test:${port}`)).toBe(403);
    const answer = await rawResponse(
      port,
      `POST /api/call/app.status HTTP/1.1\r\nHost: attacker.test\r\nAuthorization: Bearer ${team.token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    expect(answer).toContain('KOZMIC_UI_ALLOWED_HOSTS');
  });

  it('answers to the configured name, loopback and this machine own name', async () => {
    expect(await statusFor('ci.example.com')).toBe(200);
    expect(await statusFor(`127.0.0.1:${port}`)).toBe(200);
    expect(await statusFor(`${hostname()}:${port}`)).toBe(200);
  });
});
