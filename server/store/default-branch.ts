// What a project record says of its builds without reading history: its newest build, and the newest
// build of its default branch (the project's state, shown by the tray). Both are kept in state.json and
// follow every build change; the default branch itself follows what GitHub says.
import type { ProjectDto } from '../contract/dto.js';
import { summaryOf } from './build-records.js';
import type { BuildRecord } from './records.js';
import { counterOf, requireProject, withProjectLease, type StoreContext } from './store-context.js';

/** How far back a newly named default branch is looked for in history. */
const searchedBuilds = 500;

/** The project record after `build` changed, or the same record when neither summary is about it. */
export function withBuildNoted(project: ProjectDto, build: BuildRecord, lastBuildNumber: number): ProjectDto {
  let noted = project;
  if (build.number === lastBuildNumber) noted = { ...noted, latestBuild: summaryOf(project.id, build) };
  const pinned = project.defaultBranchBuild;
  if (build.commit.ref === project.defaultBranch && (pinned === null || build.number >= pinned.number)) {
    noted = { ...noted, defaultBranchBuild: summaryOf(project.id, build) };
  }
  return noted;
}

/**
 * GitHub named `branch` the default (at creation, or a delivery says so after a rename): its newest
 * build, if any of the last 500 is one, becomes the project's standing build.
 */
export async function setDefaultBranch(context: StoreContext, projectId: string, branch: string): Promise<ProjectDto> {
  return withProjectLease(context, projectId, async (lease) => {
    const project = requireProject(context, projectId);
    if (project.defaultBranch === branch) return structuredClone(project);
    const last = counterOf(context, projectId).lastBuildNumber;
    let newest: BuildRecord | null = null;
    for (let number = last; number > Math.max(0, last - searchedBuilds) && !newest; number--) {
      const build = await context.shards.find(projectId, number, lease);
      if (build?.commit.ref === branch) newest = build;
    }
    const updated: ProjectDto = {
      ...project,
      defaultBranch: branch,
      defaultBranchBuild: newest && summaryOf(projectId, newest),
    };
    context.state.data.projects[projectId] = updated;
    await context.state.save();
    return structuredClone(updated);
  });
}
