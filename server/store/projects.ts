// Projects: records in state.json, plus the history folder that deleting one removes.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { ProjectDto } from '../contract/dto.js';
import { CoreError, type NewProject } from '../core/ports.js';
import { newRandomId } from './ids.js';
import { checkInput, newProjectInput } from './input-checks.js';
import { deletionMarkerFile, projectHistoryDir } from './store-layout.js';
import type { StoreContext } from './store-context.js';

export function listProjects(context: StoreContext): ProjectDto[] {
  const projects = Object.values(context.state.data.projects);
  // Stable sort: projects created in the same millisecond keep their insertion order.
  return projects
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
    .map(copy);
}

export function getProject(context: StoreContext, projectId: string): ProjectDto | null {
  const projects = context.state.data.projects;
  return Object.hasOwn(projects, projectId) ? copy(projects[projectId]!) : null;
}

export async function createProject(context: StoreContext, input: NewProject): Promise<ProjectDto> {
  checkInput(newProjectInput, input, 'project');
  const state = context.state.data;
  const taken = Object.values(state.projects).find((project) => project.githubRepoId === input.githubRepoId);
  if (taken) {
    throw new CoreError(
      'conflict',
      `${taken.fullName} already has a project; open it instead of adding it again.`,
    );
  }
  let id = newRandomId();
  while (Object.hasOwn(state.projects, id)) id = newRandomId();
  const project: ProjectDto = {
    id,
    githubRepoId: input.githubRepoId,
    fullName: input.fullName,
    ownerLogin: input.ownerLogin,
    name: input.name,
    isPrivate: input.isPrivate,
    cloneUrl: input.cloneUrl,
    ownerGithubId: input.ownerGithubId,
    createdAt: context.now(),
    latestBuild: null,
    defaultBranch: input.defaultBranch ?? null,
    defaultBranchBuild: null,
  };
  state.projects[id] = project;
  state.counters[id] = { lastBuildNumber: 0 };
  await context.state.save();
  return copy(project);
}

/**
 * Under the project's lock, so no build is being added meanwhile. The history folder is marked, then
 * state.json forgets the project, then the folder goes; history-repair.ts finishes the job at the next
 * open if a crash comes in between.
 */
export function deleteProject(context: StoreContext, projectId: string): Promise<void> {
  return context.locks.run(projectId, async () => {
    const state = context.state.data;
    if (!Object.hasOwn(state.projects, projectId)) return;
    const folder = projectHistoryDir(context.dir, projectId);
    await mkdir(folder, { recursive: true });
    await writeFile(deletionMarkerFile(context.dir, projectId), '');
    delete state.projects[projectId];
    delete state.counters[projectId];
    for (const [hookId, hook] of Object.entries(state.hooks)) {
      if (hook.projectId !== projectId) continue;
      delete state.hooks[hookId];
      if (state.deliveryMarks) delete state.deliveryMarks[hookId];
    }
    state.unfinishedJobs = state.unfinishedJobs.filter((jobId) => !jobId.startsWith(`${projectId}.`));
    if (state.members && Object.hasOwn(state.members, projectId)) delete state.members[projectId];
    // What GitHub accepted for its commits matters no more (ids are never reused).
    if (state.acceptedStatuses) {
      const kept = Object.entries(state.acceptedStatuses).filter(([key]) => !key.startsWith(`${projectId}/`));
      state.acceptedStatuses = Object.fromEntries(kept);
    }
    await context.state.save();
    context.shards.forgetProject(projectId);
    context.index.forgetProject(projectId);
    await rm(folder, { recursive: true, force: true });
  });
}

function copy(project: ProjectDto): ProjectDto {
  return { ...project, latestBuild: project.latestBuild ? { ...project.latestBuild } : null };
}
