import { describe, expect, it } from 'vitest';
import { hasUser, ownerOf, parsePasswd } from './passwd.js';

const passwd = [
  'root:x:0:0:root:/root:/bin/bash',
  '# a comment',
  '',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'broken line',
  'kozmic:x:1000:1001::/home/kozmic:/bin/bash',
  'nogid:x:1002::::',
].join('\n');

describe('parsePasswd', () => {
  it('reads name, uid and gid and skips comments and malformed lines', () => {
    expect(parsePasswd(passwd)).toEqual([
      { name: 'root', uid: 0, gid: 0 },
      { name: 'daemon', uid: 1, gid: 1 },
      { name: 'kozmic', uid: 1000, gid: 1001 },
    ]);
  });

  it('accepts CRLF line ends', () => {
    expect(parsePasswd('root:x:0:0::/root:/bin/sh\r\n')).toEqual([{ name: 'root', uid: 0, gid: 0 }]);
  });
});

describe('hasUser', () => {
  const entries = parsePasswd(passwd);
  it('matches by name or uid', () => {
    expect(hasUser(entries, 'kozmic')).toBe(true);
    expect(hasUser(entries, '1000')).toBe(true);
    expect(hasUser(entries, 'nobody')).toBe(false);
    expect(hasUser(parsePasswd('root:x:0:0:root:/root:/bin/sh'), 'kozmic')).toBe(false);
  });
});

describe('ownerOf', () => {
  const entries = parsePasswd(passwd);
  it.each([
    ['', { uid: 0, gid: 0 }],
    ['kozmic', { uid: 1000, gid: 1001 }],
    ['1000', { uid: 1000, gid: 1001 }],
    ['kozmic:50', { uid: 1000, gid: 50 }],
    ['kozmic:staff', { uid: 1000, gid: 1001 }],
    ['4242', { uid: 4242, gid: 0 }],
    ['4242:4243', { uid: 4242, gid: 4243 }],
    ['unknown', { uid: 0, gid: 0 }],
  ])('%j', (user, owner) => {
    expect(ownerOf(user, entries)).toEqual(owner);
  });
});
