// state.json: the one small document (settings, accounts, projects, hooks, counters, unfinished jobs).
// It stays in memory; every change is written whole, atomically, and concurrent writes coalesce.
import { Low } from 'lowdb';
import { currentVersionOf, decodeDocument, type DocumentKind } from './document-codec.js';
import { stateSchema, validatorOf } from './document-schemas.js';
import { JsonFileAdapter } from './json-file-adapter.js';
import { stateMigrations } from './migrations.js';
import type { StateDocument } from './records.js';
import { stateFile } from './store-layout.js';

export const stateKind: DocumentKind<StateDocument> = {
  versionField: 'schemaVersion',
  migrations: stateMigrations,
  validate: validatorOf(stateSchema),
  advice:
    'Restore it from a backup, or move it out of the data folder to start Kozmic with no projects and ' +
    'default settings.',
};

export const STATE_VERSION = currentVersionOf(stateKind);

export function emptyState(): StateDocument {
  return {
    schemaVersion: STATE_VERSION,
    settings: {},
    accounts: {},
    projects: {},
    hooks: {},
    counters: {},
    unfinishedJobs: [],
  };
}

export class StateFile {
  readonly #document: Low<StateDocument>;

  private constructor(document: Low<StateDocument>) {
    this.#document = document;
  }

  /** Reads (and, when older, migrates and rewrites) state.json; a missing file starts empty. */
  static async open(dir: string): Promise<StateFile> {
    let fromVersion: number | null = null;
    const document = new Low(
      stateAdapter(dir, (version) => (fromVersion = version)),
      emptyState(),
    );
    await document.read();
    const state = new StateFile(document);
    if (fromVersion !== STATE_VERSION) await state.save();
    return state;
  }

  get data(): StateDocument {
    return this.#document.data;
  }

  /** Resolves once the document as it is now is on disk. */
  save(): Promise<void> {
    return this.#document.write();
  }
}

/** Writes a whole state document, for tools that prepare a data folder (the benchmark's seeding). */
export async function writeStateDocument(dir: string, document: StateDocument): Promise<void> {
  await stateAdapter(dir, () => undefined).write(document);
}

function stateAdapter(dir: string, onRead: (fromVersion: number) => void): JsonFileAdapter<StateDocument> {
  const file = stateFile(dir);
  return new JsonFileAdapter(file, {
    indent: 2,
    decode: (text) => {
      const decoded = decodeDocument(stateKind, file, text);
      onRead(decoded.fromVersion);
      return decoded.value;
    },
  });
}
