// The users an image defines, from its /etc/passwd, and which uid/gid a Docker `User` value runs as.
// Files put into a step container are given that owner so the script can write where its sources are.

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

export const root: Owner = { uid: 0, gid: 0 };

/** `name:password:uid:gid:gecos:home:shell` lines; anything malformed is skipped, as libc does. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.trim().split(':');
    if (!name || name.startsWith('#') || !isId(uid) || !isId(gid)) continue;
    entries.push({ name, uid: Number(uid), gid: Number(gid) });
  }
  return entries;
}

export function hasUser(entries: readonly PasswdEntry[], user: string): boolean {
  return entries.some((entry) => entry.name === user || (isId(user) && entry.uid === Number(user)));
}

/**
 * The owner for Docker's `User` forms: `''`, `name`, `uid`, `name:group`, `uid:gid`. An unknown name
 * falls back to root (Docker will refuse to start the container anyway, with its own message). A group
 * given by name keeps the user's primary gid: we do not read /etc/group, and the uid is what lets the
 * script write.
 */
export function ownerOf(user: string, entries: readonly PasswdEntry[]): Owner {
  if (user === '') return root;
  const [name = '', group] = user.split(':', 2);
  const entry = entries.find((e) => (isId(name) ? e.uid === Number(name) : e.name === name));
  if (!entry && !isId(name)) return root;
  const uid = entry?.uid ?? Number(name);
  const gid = group !== undefined && isId(group) ? Number(group) : (entry?.gid ?? 0);
  return { uid, gid };
}

function isId(value: string | undefined): value is string {
  return value !== undefined && /^\d+$/.test(value);
}
