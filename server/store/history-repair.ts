// At open, state.json's hints (build counters, latest builds, the unfinished-jobs list) are brought in
// line with history, which is the truth. A crash can leave a shard ahead of state.json or state.json
// ahead of a shard (request-build.ts writes them side by side), or a deleted project's folder half
// removed. Costs one or two shard reads per project, however long its history.
import { access, readdir, rm } from 'node:fs/promises';
import { CoreError } from '../core/ports.js';
import { summaryOf } from './build-records.js';
import { deletionMarkerFile, historyRoot, projectHistoryDir } from './store-layout.js';
import { counterOf, type StoreContext } from './store-context.js';
import { isUnfinished } from './unfinished-jobs.js';

export async function repairHistory(context: StoreContext): Promise<void> {
  let changed = false;
  for (const projectId of Object.keys(context.state.data.projects)) {
    try {
      changed = (await repairProject(context, projectId)) || changed;
    } catch (error) {
      // A damaged or too-new shard is left alone; the operations that need it report it.
      if (!(error instanceof CoreError)) throw error;
    }
  }
  if (changed) await context.state.save();
  await removeOrphanHistory(context);
}

async function repairProject(context: StoreContext, projectId: string): Promise<boolean> {
  const state = context.state.data;
  const counter = counterOf(context, projectId);
  let last = counter.lastBuildNumber;
  let changed = false;
  // Builds a shard holds beyond the counter. A new build's queued jobs are listed together with the
  // counter, so they are missing from the list too.
  let next = await context.shards.find(projectId, last + 1);
  while (next) {
    last = next.number;
    for (const job of next.jobs) {
      if (isUnfinished(job) && !state.unfinishedJobs.includes(job.id)) {
        state.unfinishedJobs.push(job.id);
        changed = true;
      }
    }
    next = await context.shards.find(projectId, last + 1);
  }
  // Builds the counter names but no shard holds: state.json landed and the shard did not, or a shard
  // was restored from an older backup.
  while (last > 0 && !(await context.shards.find(projectId, last))) last--;
  const newest = last > 0 ? await context.shards.find(projectId, last) : null;
  const latestBuild = newest ? summaryOf(projectId, newest) : null;
  const project = state.projects[projectId]!;
  // The default branch's build as its shard has it (it may have changed after state.json was written),
  // unless the newest build is a newer one of that branch.
  const pinned = project.defaultBranchBuild;
  const kept = pinned && pinned.number <= last ? await context.shards.find(projectId, pinned.number) : null;
  let defaultBranchBuild = kept && kept.commit.ref === project.defaultBranch ? summaryOf(projectId, kept) : null;
  if (newest && newest.commit.ref === project.defaultBranch && newest.number >= (defaultBranchBuild?.number ?? 0)) {
    defaultBranchBuild = latestBuild;
  }
  const repaired = { ...project, latestBuild, defaultBranchBuild };
  if (JSON.stringify(repaired) !== JSON.stringify(project)) {
    state.projects[projectId] = repaired;
    changed = true;
  }
  if (last !== counter.lastBuildNumber) {
    counter.lastBuildNumber = last;
    changed = true;
  }
  return changed;
}

/**
 * Folders deleteProject marked for removal (see store-layout.ts) but did not finish removing. Only
 * marked folders go: a folder merely unknown to state.json may be all that is left of a state.json
 * that was moved away, and must survive until a person decides.
 */
async function removeOrphanHistory(context: StoreContext): Promise<void> {
  let entries;
  try {
    entries = await readdir(historyRoot(context.dir), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || !(await exists(deletionMarkerFile(context.dir, entry.name)))) continue;
    if (Object.hasOwn(context.state.data.projects, entry.name)) {
      // The crash came before state.json forgot the project: the deletion never happened.
      await rm(deletionMarkerFile(context.dir, entry.name), { force: true });
    } else {
      await rm(projectHistoryDir(context.dir, entry.name), { recursive: true, force: true });
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
