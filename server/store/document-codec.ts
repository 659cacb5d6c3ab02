// Turns the text of a versioned JSON document into its current shape: refuses newer versions, runs
// the forward migrations, checks the shape. Every refusal names the file and says what to do.
import type { Migration } from './migrations.js';
import { corruptFileError, newerVersionError } from './file-errors.js';

export type Validation<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

export interface DocumentKind<T> {
  /** The field holding the document's version, e.g. `schemaVersion`. */
  readonly versionField: string;
  readonly migrations: readonly Migration[];
  readonly validate: (document: unknown) => Validation<T>;
  /** What a person should do with a damaged file of this kind. */
  readonly advice: string;
}

export interface Decoded<T> {
  readonly value: T;
  readonly fromVersion: number;
}

export function currentVersionOf(kind: DocumentKind<unknown>): number {
  return kind.migrations.length + 1;
}

export function decodeDocument<T>(kind: DocumentKind<T>, file: string, text: string): Decoded<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw corruptFileError(file, `it is not valid JSON (${reason})`, kind.advice);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw corruptFileError(file, 'it does not hold a JSON object', kind.advice);
  }
  let document = parsed as Record<string, unknown>;
  const version = document[kind.versionField];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw corruptFileError(
      file,
      `its "${kind.versionField}" is missing or not a positive integer`,
      kind.advice,
    );
  }
  const current = currentVersionOf(kind);
  if (version > current) throw newerVersionError(file, version, current);
  for (let from = version; from < current; from++) {
    document = { ...kind.migrations[from - 1]!(document), [kind.versionField]: from + 1 };
  }
  const checked = kind.validate(document);
  if (!checked.ok)
    throw corruptFileError(file, `it has an unexpected shape (${checked.problem})`, kind.advice);
  return { value: checked.value, fromVersion: version };
}
