import { watchEffect } from 'vue';
import { useRoute } from 'vue-router';
import { tabTitle } from '../presentation/tab-title.js';
import { useBuilds } from '../stores/builds.js';
import { useProjects } from '../stores/projects.js';

/** The tab says what it shows and how that build is doing, so a row of tabs reads at a glance. */
export function useTabTitle(): void {
  const route = useRoute();
  const projects = useProjects();
  const builds = useBuilds();
  watchEffect(() => {
    const projectId = typeof route.params.projectId === 'string' ? route.params.projectId : undefined;
    const project = projectId ? projects.byId.get(projectId) : undefined;
    const number = route.name === 'build' ? Number(route.params.number) : null;
    document.title = tabTitle({
      projectName: project?.name,
      build: projectId && number ? builds.summary(projectId, number) : undefined,
      latest: project?.latestBuild,
    });
  });
}
