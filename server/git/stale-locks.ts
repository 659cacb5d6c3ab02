// A git killed without a chance to clean up (power loss, a crash) leaves `*.lock` files behind, and every
// later fetch of that ref would then fail with "Unable to create ….lock: File exists". Fetches of a
// mirror are serialised and stopped at the fetch timeout, so a lock older than that has no owner left.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function removeStaleLocks(mirror: string, olderThanMs: number): Promise<void> {
  const refs = join(mirror, 'refs', 'kozmic');
  const names = await readdir(refs).catch(() => [] as string[]);
  const candidates = [
    ...names.filter((name) => name.endsWith('.lock')).map((name) => join(refs, name)),
    join(mirror, 'packed-refs.lock'),
    join(mirror, 'shallow.lock'),
    join(mirror, 'config.lock'),
  ];
  const cutoff = Date.now() - olderThanMs;
  await Promise.all(
    candidates.map(async (file) => {
      const info = await stat(file).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(file, { force: true });
    }),
  );
}
