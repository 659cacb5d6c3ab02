// Forward migrations, one step per version: `xMigrations[i]` turns a version i+1 document into version
// i+2, and the current version is the last step's target. Steps receive the parsed JSON as it was on
// disk (already known to be an object) and return the next version's shape; the version field itself
// is set by the caller. A step never throws on odd input: whatever it cannot map is left for the
// schema check to report.

export type Migration = (document: Record<string, unknown>) => Record<string, unknown>;

/** state.json */
export const stateMigrations: readonly Migration[] = [
  // 1 → 2: accounts were a list; keyed by GitHub numeric id they are found without a scan and a
  // re-login can never leave two entries for one person.
  (document) => {
    if (!Array.isArray(document.accounts)) return document;
    const accounts: Record<string, unknown> = {};
    for (const account of document.accounts as unknown[]) {
      const githubId = (account as { githubId?: unknown } | null)?.githubId;
      if (typeof githubId === 'number') accounts[String(githubId)] = account;
    }
    return { ...document, accounts };
  },
  // 2 → 3: a project keeps its repository's default branch and that branch's newest build, unknown
  // (null) for projects made before, until a delivery names the branch.
  (document) => {
    const projects = document.projects;
    if (projects === null || typeof projects !== 'object' || Array.isArray(projects)) return document;
    const migrated: Record<string, unknown> = {};
    for (const [id, project] of Object.entries(projects as Record<string, unknown>)) {
      migrated[id] =
        project !== null && typeof project === 'object'
          ? { defaultBranch: null, defaultBranchBuild: null, ...project }
          : project;
    }
    return { ...document, projects: migrated };
  },
];

/** history/<projectId>/builds-<k>.json; shards migrate one by one when they are loaded. */
export const shardMigrations: readonly Migration[] = [
  // 1 → 2: builds were an object keyed by build number; a list in number order keeps newest-first
  // paging a slice instead of a sort, and JSON object key order cannot be relied on across tools.
  (document) => {
    const builds = document.builds;
    if (builds === null || typeof builds !== 'object' || Array.isArray(builds)) return document;
    const list = Object.values(builds as Record<string, { number?: unknown }>);
    list.sort((a, b) => Number(a?.number) - Number(b?.number));
    return { ...document, builds: list };
  },
];

/** Index buckets have had one shape so far. */
export const indexMigrations: readonly Migration[] = [];
