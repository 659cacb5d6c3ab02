// A real headless host against requests no browser or GitHub would send: bad escapes and broken
// framing are the client's mistake, answered 400 (or dropped) without a stack trace in the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir, startHeadless, type HeadlessApp } from './headless-process.js';
import { abortedUpload, malformedChunked, rawRequest } from './raw-http.js';

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
