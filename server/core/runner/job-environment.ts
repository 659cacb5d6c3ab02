import type { BuildDto, JobDto, ProjectDto } from '../../contract/dto.js';

/** What a build script can read about the build it runs in. No secret is ever passed this way. */
export function jobEnvironment(project: ProjectDto, build: BuildDto, job: JobDto): Record<string, string> {
  return {
    CI: 'true',
    KOZMIC: 'true',
    KOZMIC_PROJECT: project.fullName,
    KOZMIC_BUILD_NUMBER: String(build.number),
    KOZMIC_BRANCH: build.ref,
    KOZMIC_COMMIT: build.sha,
    KOZMIC_JOB_ID: job.id,
    KOZMIC_JOB_ATTEMPT: String(job.attempts.length),
    KOZMIC_HOOK: job.definition.title,
  };
}
