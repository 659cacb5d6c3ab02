// The object ids behind a hook's tracked paths, for the install-cache key. The trees are walked level
// by level through one `git cat-file --batch`, reading each folder on the way to a tracked path once:
// 10,000 files in 100 folders cost 101 tree reads, not 10,000 lookups from the root (what `<sha>:<path>`
// queries do, ~35 µs each: ~350 ms). Paths never reach git, so no name is ever misparsed as an option.
import { SourceError } from '../core/ports.js';
import { CatFileBatch } from './cat-file-batch.js';
import { LOCAL_TIMEOUT_MS } from './mirror-setup.js';
import { pickTreeEntries } from './tree-entries.js';

interface PathNode {
  id: string | null;
  isTree: boolean;
  /** Only folders on the way to a tracked path have children (most nodes are leaves: no Map for them). */
  children: Map<string, PathNode> | null;
}

const newNode = (): PathNode => ({ id: null, isTree: false, children: null });

export async function objectIdsAt(
  mirror: string,
  sha: string,
  paths: readonly string[],
): Promise<Record<string, string | null>> {
  const root = newNode();
  const nodes = paths.map((path) => nodeFor(root, path));

  const batch = new CatFileBatch(mirror, LOCAL_TIMEOUT_MS);
  try {
    const [commit] = await batch.read([`${sha}^{commit}`]);
    const rootTree = commit && /^tree ([0-9a-f]+)$/m.exec(commit.content.toString('latin1'))?.[1];
    if (!rootTree) throw new SourceError(`Commit ${sha} is not in the mirror; fetch it first.`);
    Object.assign(root, { id: rootTree, isTree: true });
    const idBytes = rootTree.length / 2;

    for (let level = [root]; level.length > 0;) {
      const parents = level.filter((node) => node.isTree && node.children !== null);
      const trees = await batch.read(parents.map((node) => node.id!));
      level = [];
      parents.forEach((parent, index) => {
        const tree = trees[index];
        if (!tree)
          throw new SourceError(
            `The mirror lacks tree ${parent.id}; remove the project's mirror to refetch it.`,
          );
        const children = parent.children!;
        pickTreeEntries(
          tree.content,
          idBytes,
          (name) => children.get(name),
          (child, entry) => {
            child.id = entry.id;
            child.isTree = entry.isTree;
            level.push(child);
          },
        );
      });
    }
  } finally {
    batch.close();
  }
  // fromEntries, so a path named `__proto__` is an ordinary key.
  return Object.fromEntries(paths.map((path, index) => [path, nodes[index]!.id]));
}

/** The trie node of a path, created as needed; `.` (or an empty path) is the root itself. */
function nodeFor(root: PathNode, path: string): PathNode {
  let node = root;
  for (const name of path.split('/')) {
    if (name === '' || name === '.') continue;
    node.children ??= new Map();
    let child = node.children.get(name);
    if (!child) {
      child = newNode();
      node.children.set(name, child);
    }
    node = child;
  }
  return node;
}
