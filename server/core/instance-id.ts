import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** This data dir's lasting identity, for labelling its containers (see AttemptServices.instanceLabels). */
export async function instanceIdOf(dataDir: string): Promise<string> {
  const file = join(dataDir, 'instance-id');
  const saved = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (/^[a-f0-9]{16}$/.test(saved)) return saved;
  const id = randomBytes(8).toString('hex');
  await writeFile(file, `${id}\n`);
  return id;
}
