// The log file itself: exact bytes, notes, byte ranges, deletion, and paths that must be refused.
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../core/ports.js';
import { JobLogFiles } from './job-log-files.js';
import { createTempDir, eventually, removeDir } from '../../test/fixtures/log-fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function setup() {
  const dir = await createTempDir();
  dirs.push(dir);
  return { dir, logs: new JobLogFiles({ dir }) };
}

const FILE = 'logs/p1/3/2-1.log';
const NOTE = (text: string) => `\x1b[0;1;36m» ${text}\x1b[0m\r\n`;

describe('the log file', () => {
  it('holds exactly the bytes written, ANSI codes, partial lines and split characters included', async () => {
    const { dir, logs } = await setup();
    const writer = logs.open(FILE, 50 * 1024 * 1024);
    const euro = Buffer.from('€');
    const chunks = [
      Buffer.from('\x1b[1;32m✓ install\x1b[0m\r\nhalf a li'),
      Buffer.from('ne\r\n\x1b[3'),
      Buffer.from('1mred\x1b[0m progress 10%\rprogress 20%\r'),
      euro.subarray(0, 1),
      Buffer.concat([euro.subarray(1), Buffer.from([0, 255, 7])]),
    ];
    for (const chunk of chunks) writer.write(chunk);
    await writer.close();
    const expected = Buffer.concat(chunks);
    expect(await readFile(join(dir, FILE))).toEqual(expected);
    expect(await logs.read(FILE)).toEqual(expected);
  });

  it('copies each chunk, so a caller may reuse its buffer once write returns', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    const buffer = Buffer.from('first\n');
    writer.write(buffer);
    buffer.write('XXXXX\n');
    await writer.close();
    expect((await logs.read(FILE)).toString()).toBe('first\n');
  });

  it('puts each note on a line of its own, styled, without blank lines between notes', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    writer.note('Pulling image node:20…');
    writer.note('Using cached image');
    writer.write(Buffer.from('$ npm test\r\npartial'));
    writer.note('Job cancelled');
    writer.write(Buffer.from('done\n'));
    writer.note('two\nlines');
    await writer.close();
    expect((await logs.read(FILE)).toString()).toBe(
      NOTE('Pulling image node:20…') +
        NOTE('Using cached image') +
        '$ npm test\r\npartial\r\n' +
        NOTE('Job cancelled') +
        'done\n' +
        NOTE('two') +
        NOTE('lines'),
    );
  });

  it('removes control characters from notes, so a note cannot move the cursor or restyle the log', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    writer.note('a\x1b[2Jb\x07c\td');
    await writer.close();
    expect((await logs.read(FILE)).toString()).toBe(NOTE('a[2Jbc\td'));
  });

  it('reads byte ranges, also of a log still being written', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    writer.write(Buffer.from('0123456789'));
    await eventually(async () => (await logs.read(FILE)).length === 10);
    expect((await logs.read(FILE, { start: 2, end: 5 })).toString()).toBe('234');
    writer.write(Buffer.from('abc'));
    await writer.close();
    expect((await logs.read(FILE, { start: 8 })).toString()).toBe('89abc');
    expect((await logs.read(FILE, { end: 3 })).toString()).toBe('012');
    expect((await logs.read(FILE, { start: 100 })).length).toBe(0);
    expect((await logs.read(FILE, { start: 5, end: 500 })).toString()).toBe('56789abc');
    await expect(logs.read(FILE, { start: 5, end: 2 })).rejects.toThrow(CoreError);
    await expect(logs.read(FILE, { start: -1 })).rejects.toThrow(CoreError);
  });

  it('reads a log that was never started as empty', async () => {
    const { logs } = await setup();
    expect((await logs.read('logs/p1/9/1-1.log')).length).toBe(0);
  });

  it('truncates an existing log when it is opened again', async () => {
    const { logs } = await setup();
    const first = logs.open(FILE, 1024 * 1024);
    first.write(Buffer.from('old output that is longer\n'));
    await first.close();
    const second = logs.open(FILE, 1024 * 1024);
    second.write(Buffer.from('new\n'));
    await second.close();
    expect((await logs.read(FILE)).toString()).toBe('new\n');
  });

  it('refuses to open a log that is already being written', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    expect(() => logs.open(FILE, 1024 * 1024)).toThrow(/already being written/);
    await writer.close();
    await logs.open(FILE, 1024 * 1024).close();
  });

  it('ignores output after close instead of throwing at the engine', async () => {
    const { logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    writer.write(Buffer.from('a'));
    await writer.close();
    writer.write(Buffer.from('b'));
    writer.note('late');
    await writer.close();
    expect((await logs.read(FILE)).toString()).toBe('a');
  });

  it('writes an index beside the log', async () => {
    const { dir, logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    writer.write(Buffer.from('one\n'));
    writer.write(Buffer.from('two\n'));
    await writer.close();
    expect((await stat(join(dir, `${FILE}.idx`))).size).toBe(32 + 2 * 8);
  });
});

describe('a log that cannot be written', () => {
  it('reports the failure, ignores further output and rejects close; subscribers still end', async () => {
    const dir = await createTempDir();
    dirs.push(dir);
    const errors: unknown[] = [];
    const logs = new JobLogFiles({ dir, onError: (error) => errors.push(error) });
    await mkdir(join(dir, 'logs'));
    await writeFile(join(dir, 'logs/p1'), 'a file where a folder should be');
    const writer = logs.open(FILE, 1024 * 1024);
    let ended = false;
    logs.subscribe(FILE, 1, { onChunk: () => undefined, onEnd: () => (ended = true) });
    writer.write(Buffer.from('lost\n'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    writer.write(Buffer.from('ignored\n'));
    await expect(writer.close()).rejects.toThrow(/could not write the job log/);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CoreError);
    expect(ended).toBe(true);
    expect(logs.stats()).toEqual({ writers: 0, subscriptions: 0, bufferedBytes: 0 });
  });
});

describe('remove', () => {
  it('deletes every log under a prefix, and nothing else; twice is fine', async () => {
    const { dir, logs } = await setup();
    for (const file of ['logs/p1/1/1-1.log', 'logs/p1/2/1-1.log', 'logs/p2/1/1-1.log']) {
      const writer = logs.open(file, 1024 * 1024);
      writer.write(Buffer.from(file));
      await writer.close();
    }
    await logs.remove('logs/p1/1');
    expect((await logs.read('logs/p1/1/1-1.log')).length).toBe(0);
    expect((await logs.read('logs/p1/2/1-1.log')).toString()).toBe('logs/p1/2/1-1.log');
    await logs.remove('logs/p1');
    await logs.remove('logs/p1');
    expect((await logs.read('logs/p2/1/1-1.log')).toString()).toBe('logs/p2/1/1-1.log');
    await expect(stat(join(dir, 'logs/p1'))).rejects.toThrow();
  });

  it('deletes only log files, so a mistaken prefix cannot take the store with it', async () => {
    const { dir, logs } = await setup();
    const writer = logs.open('logs/p1/1/1-1.log', 1024 * 1024);
    writer.write(Buffer.from('x'));
    await writer.close();
    await mkdir(join(dir, 'history/p1'), { recursive: true });
    await writeFile(join(dir, 'history/p1/builds-0.json'), '{}');
    await writeFile(join(dir, 'logs/p1/notes.txt'), 'not a log');
    await logs.remove('history');
    await logs.remove('logs/p1');
    expect(await readFile(join(dir, 'history/p1/builds-0.json'), 'utf8')).toBe('{}');
    expect(await readFile(join(dir, 'logs/p1/notes.txt'), 'utf8')).toBe('not a log');
    await expect(stat(join(dir, 'logs/p1/1'))).rejects.toThrow();
  });

  it('deletes a single log and its index', async () => {
    const { dir, logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    writer.write(Buffer.from('x'));
    await writer.close();
    await logs.remove(FILE);
    await expect(stat(join(dir, FILE))).rejects.toThrow();
    await expect(stat(join(dir, `${FILE}.idx`))).rejects.toThrow();
  });

  it('stops a writer and ends its subscribers before deleting a running log', async () => {
    const { dir, logs } = await setup();
    const writer = logs.open(FILE, 1024 * 1024);
    writer.write(Buffer.from('running\n'));
    let ended = false;
    logs.subscribe(FILE, 1, { onChunk: () => undefined, onEnd: () => (ended = true) });
    await logs.remove('logs/p1');
    writer.write(Buffer.from('more\n'));
    await writer.close();
    expect(ended).toBe(true);
    await expect(stat(join(dir, 'logs/p1'))).rejects.toThrow();
    expect(logs.stats()).toEqual({ writers: 0, subscriptions: 0, bufferedBytes: 0 });
  });
});

describe('paths', () => {
  const escaping = [
    '../outside.log',
    'logs/../../outside.log',
    '/etc/outside.log',
    'logs/p1/../../../x.log',
    '',
  ];

  it.each(escaping)('refuses %j everywhere', async (name) => {
    const { logs } = await setup();
    expect(() => logs.open(name, 1024)).toThrow(CoreError);
    expect(() => logs.subscribe(name, 1, { onChunk: () => undefined, onEnd: () => undefined })).toThrow(
      CoreError,
    );
    await expect(logs.read(name)).rejects.toThrow(CoreError);
  });

  it.each(['..', '../x', '/tmp', '', '.', 'logs/..'])('refuses to remove %j', async (prefix) => {
    const { dir, logs } = await setup();
    await writeFile(join(dir, 'state.json'), '{}');
    await expect(logs.remove(prefix)).rejects.toThrow(CoreError);
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toBe('{}');
  });

  it('refuses names that are not .log files, so the store files cannot be truncated', async () => {
    const { dir, logs } = await setup();
    await mkdir(join(dir, 'history'));
    await writeFile(join(dir, 'state.json'), '{}');
    expect(() => logs.open('state.json', 1024)).toThrow(CoreError);
    expect(() => logs.open('logs/p/1/1-1.log.idx', 1024)).toThrow(CoreError);
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toBe('{}');
  });

  it('refuses bad limits and sequence numbers', async () => {
    const { logs } = await setup();
    expect(() => logs.open(FILE, 0)).toThrow(CoreError);
    expect(() => logs.open(FILE, 1.5)).toThrow(CoreError);
    expect(() => logs.subscribe(FILE, 0, { onChunk: () => undefined, onEnd: () => undefined })).toThrow(
      CoreError,
    );
  });
});
