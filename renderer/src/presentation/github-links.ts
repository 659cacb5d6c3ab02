import type { ProjectDto } from '../../../server/contract/dto.js';

/** The repository's web page, from its clone URL (`https://github.com/o/r.git` → `https://github.com/o/r`). */
export function repoWebUrl(project: ProjectDto): string | null {
  const url = project.cloneUrl.replace(/\.git$/, '');
  return /^https?:\/\//.test(url) ? url : null;
}

export function commitWebUrl(
  project: ProjectDto | undefined,
  sha: string,
  given: string | null,
): string | null {
  if (given && /^https?:\/\//.test(given)) return given;
  const repo = project ? repoWebUrl(project) : null;
  return repo ? `${repo}/commit/${sha}` : null;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

export function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}
