// Deleting logs by prefix. Log names are relative to the data folder, which also holds the store's own
// files, so a prefix is never removed wholesale: only the files this adapter writes are deleted, and
// then the folders they leave empty. A mistaken prefix such as `history` therefore deletes nothing.
import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isMissing } from './backlog-reader.js';

const LOG_FILE = /\.log(\.idx)?(\.cut)?$/;

/** Removes every log file under `target` (a folder, or one log) and the folders left empty. Idempotent. */
export async function removeLogsUnder(target: string): Promise<void> {
  if (LOG_FILE.test(target))
    await Promise.all([rm(target, { force: true }), rm(`${target}.idx`, { force: true })]);
  await removeFolder(target);
}

async function removeFolder(folder: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await removeFolder(path);
    else if (entry.isFile() && LOG_FILE.test(entry.name)) await rm(path, { force: true });
  }
  try {
    await rmdir(folder);
  } catch (error) {
    // Something that is not a log stays, and so does its folder.
    if (!isMissing(error) && (error as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw error;
  }
}
