import { posix } from 'node:path';
import type { HookDefinition } from '../contract/dto.js';
import { CoreError } from './errors.js';

interface Issue {
  readonly path: string;
  readonly message: string;
}

// [registry[:port]/]path[:tag][@sha256:digest], as Docker accepts it. Splitting on ':' alone breaks
// registries with a port, so the whole reference is matched at once.
const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const registry = '(?:[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*(?::[0-9]+)?/)?';
const imageReference = new RegExp(
  `^${registry}${component}(?:/${component})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

export function isImageReference(value: string): boolean {
  return value.length <= 255 && imageReference.test(value);
}

/** CRLF and lone CR become LF; one trailing newline is dropped, as the editor adds it back. */
export function normaliseScript(script: string): string {
  return script.replace(/\r\n?/g, '\n').replace(/\n$/, '');
}

/**
 * One path per entry, relative to the repository root: `./a/../x` → `x`, the root itself → `.`.
 * Blank entries are dropped and duplicates removed; case is kept (`A.txt` and `a.txt` differ).
 */
export function normaliseTrackedFiles(paths: readonly string[], issues: Issue[]): string[] {
  const seen = new Set<string>();
  for (const raw of paths.flatMap((entry) => entry.split(/\r?\n/))) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const normal = posix.normalize(trimmed.replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
    if (posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../')) {
      issues.push({ path: 'trackedFiles', message: `"${trimmed}" is outside the repository.` });
      continue;
    }
    seen.add(normal);
  }
  return [...seen];
}

/** The form's names of the fields, for messages read by people. */
const fieldLabels: Readonly<Record<string, string>> = {
  title: 'Title',
  image: 'Docker image',
  installScript: 'Install script',
  trackedFiles: 'Tracked files',
  buildScript: 'Build script',
};

/** Validates and normalises a hook definition, or throws `invalid_arguments` listing every problem. */
export function normaliseHookDefinition(definition: HookDefinition): HookDefinition {
  const issues: Issue[] = [];
  const title = definition.title.trim();
  const image = definition.image.trim();
  const buildScript = normaliseScript(definition.buildScript);
  if (title === '') issues.push({ path: 'title', message: 'This field is required.' });
  if (title.length > 200) issues.push({ path: 'title', message: 'Keep the title under 200 characters.' });
  if (image === '') issues.push({ path: 'image', message: 'This field is required.' });
  else if (!isImageReference(image)) {
    issues.push({ path: 'image', message: `"${image}" is not a Docker image reference (e.g. debian:bookworm).` });
  }
  if (buildScript.trim() === '') issues.push({ path: 'buildScript', message: 'This field is required.' });
  const trackedFiles = normaliseTrackedFiles(definition.trackedFiles, issues);
  if (issues.length > 0) {
    const summary = issues.map((i) => `${fieldLabels[i.path] ?? i.path}: ${i.message}`).join(' ');
    throw new CoreError('invalid_arguments', summary, { issues });
  }
  return { title, image, installScript: normaliseScript(definition.installScript), buildScript, trackedFiles };
}
