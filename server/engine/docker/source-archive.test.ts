import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { extract, pack, type Header, type Pack } from 'tar-stream';
import { stepArchive } from './source-archive.js';

type EntryHeader = Partial<Header> & Pick<Header, 'name'>;

interface Unpacked {
  readonly header: Header;
  readonly content: string;
}

async function tarOf(entries: readonly { header: EntryHeader; content?: string }[]): Promise<Buffer> {
  const out = pack();
  for (const { header, content } of entries) out.entry(header, content ?? '');
  out.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of out) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function unpack(stream: Pack): Promise<Unpacked[]> {
  const entries = extract();
  stream.pipe(entries);
  const result: Unpacked[] = [];
  for await (const entry of entries) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    result.push({ header: entry.header, content: Buffer.concat(chunks).toString() });
  }
  return result;
}

const script = { path: 'script', content: Buffer.from('echo hi\n'), mode: 0o755 };
const owner = { uid: 1000, gid: 1001 };
const longName = `${'deep/'.repeat(30)}file.txt`;

describe('stepArchive', () => {
  it('puts the script and the source under kozmic/, owned by the step user', async () => {
    const source = await tarOf([
      { header: { name: './', type: 'directory', mode: 0o775, uid: 501, gid: 20 } },
      { header: { name: 'README.md', mode: 0o664, uid: 501, gid: 20, uname: 'me' }, content: '# hi\n' },
      { header: { name: 'bin/', type: 'directory', mode: 0o775 } },
      { header: { name: 'bin/run.sh', mode: 0o775 }, content: '#!/bin/sh\n' },
      { header: { name: 'latest', type: 'symlink', linkname: 'README.md' } },
      { header: { name: 'copy', type: 'link', linkname: 'README.md' } },
      { header: { name: longName, mode: 0o644 }, content: 'deep' },
      { header: { name: '../escape', mode: 0o644 }, content: 'no' },
      { header: { name: 'pipe', type: 'fifo' } },
    ]);
    const archive = stepArchive([script], Readable.from([source]), owner, 'kozmic/.ready-abc');
    const [entries] = await Promise.all([unpack(archive.stream), archive.done]);

    expect(entries.map((e) => [e.header.name, e.header.type, (e.header.mode ?? 0).toString(8)])).toEqual([
      ['kozmic/', 'directory', '755'],
      ['kozmic/src/', 'directory', '755'],
      ['kozmic/script', 'file', '755'],
      ['kozmic/src/README.md', 'file', '664'],
      ['kozmic/src/bin/', 'directory', '775'],
      ['kozmic/src/bin/run.sh', 'file', '775'],
      ['kozmic/src/latest', 'symlink', '644'],
      ['kozmic/src/copy', 'link', '644'],
      [`kozmic/src/${longName}`, 'file', '644'],
      // Last: the started container runs its script once this exists.
      ['kozmic/.ready-abc', 'file', '644'],
    ]);
    for (const { header } of entries)
      expect([header.uid, header.gid, header.uname ?? '']).toEqual([1000, 1001, '']);
    const byName = new Map(entries.map((e) => [e.header.name, e]));
    expect(byName.get('kozmic/script')?.content).toBe('echo hi\n');
    expect(byName.get('kozmic/src/README.md')?.content).toBe('# hi\n');
    expect(byName.get(`kozmic/src/${longName}`)?.content).toBe('deep');
    expect(byName.get('kozmic/src/latest')?.header.linkname).toBe('README.md');
    expect(byName.get('kozmic/src/copy')?.header.linkname).toBe('kozmic/src/README.md');
  });

  it('keeps ids too large for ustar in a pax record', async () => {
    const archive = stepArchive(
      [script],
      Readable.from([await tarOf([])]),
      { uid: 100_000_000, gid: 100_000_001 },
      'kozmic/.ready-abc',
    );
    const [entries] = await Promise.all([unpack(archive.stream), archive.done]);
    expect(entries[0]?.header.pax).toMatchObject({ uid: '100000000', gid: '100000001' });
  });

  it('fails with the source error when reading the source fails', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('git archive failed'));
      },
    });
    const archive = stepArchive([script], broken, owner, 'kozmic/.ready-abc');
    archive.stream.resume();
    archive.stream.on('error', () => undefined);
    await expect(archive.done).rejects.toThrow('git archive failed');
  });
});
