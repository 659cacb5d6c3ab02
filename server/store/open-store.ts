// The store's entry point: opens state.json, repairs its hints from history, and wires the operations
// into the Store port. Layout and write ordering are described in store-layout.ts and request-build.ts.
import type { BuildStateDeriver, Store } from '../core/ports.js';
import { BuildShards } from './build-shards.js';
import { getBuild, getDeliveryPayload, getJob, hasDelivery, listBuilds } from './build-queries.js';
import { deliveryMark, setDeliveryMark } from './delivery-marks.js';
import { DedupeIndex } from './dedupe-index.js';
import { DeliveryPayloads } from './delivery-payloads.js';
import { storeClosedError } from './file-errors.js';
import { repairHistory } from './history-repair.js';
import { createHook, deleteHook, getHook, listHooks, updateHook } from './hooks.js';
import { addAttempt, updateAttempt } from './job-attempts.js';
import { KeyedQueue } from '../shared/keyed-queue.js';
import { createProject, deleteProject, getProject, listProjects } from './projects.js';
import { setDefaultBranch } from './default-branch.js';
import { requestBuild } from './request-build.js';
import {
  getAccount,
  getSettings,
  listAccounts,
  saveAccount,
  getHostAccountId,
  setHostAccountId,
  listPendingStatuses,
  putPendingStatus,
  removePendingStatus,
  acceptedStatus,
  statusAccepted,
  updateSettings,
} from './settings-and-accounts.js';
import { StateFile } from './state-file.js';
import {
  countSessionsOf,
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOf,
  getMembers,
  getSession,
  replaceMembers,
  setOwnerAccess,
  saveSession,
  setRolesOf,
} from './team.js';
import type { StoreContext } from './store-context.js';
import { listUnfinishedJobs } from './unfinished-jobs.js';

export interface StoreOptions {
  /** The data folder; created on first write. */
  readonly dir: string;
  readonly deriveBuildState: BuildStateDeriver;
  /** ISO-8601 clock, injectable for tests. */
  readonly now?: () => string;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const { dir, deriveBuildState } = options;
  const context: StoreContext = {
    dir,
    state: await StateFile.open(dir),
    shards: new BuildShards(dir),
    index: new DedupeIndex(dir),
    payloads: new DeliveryPayloads(dir),
    locks: new KeyedQueue(),
    deriveBuildState,
    now: options.now ?? (() => new Date().toISOString()),
  };
  await repairHistory(context);

  let closed = false;
  const inFlight = new Set<Promise<unknown>>();
  const open = (): StoreContext => {
    if (closed) throw storeClosedError();
    return context;
  };
  // Every call that may write is tracked, so close() can wait until its changes are on disk.
  const track = <T>(operation: (context: StoreContext) => Promise<T>): Promise<T> => {
    let running: Promise<T>;
    try {
      running = operation(open());
    } catch (error) {
      return Promise.reject(error);
    }
    inFlight.add(running);
    const forget = () => inFlight.delete(running);
    running.then(forget, forget);
    return running;
  };
  const read = <T>(operation: (context: StoreContext) => Promise<T>): Promise<T> => {
    try {
      return operation(open());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    async close() {
      closed = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await context.locks.drain();
    },
    getSettings: () => getSettings(open()),
    updateSettings: (patch) => track((c) => updateSettings(c, patch)),
    listAccounts: () => listAccounts(open()),
    getAccount: (githubId) => getAccount(open(), githubId),
    saveAccount: (account) => track((c) => saveAccount(c, account)),
    getHostAccountId: () => getHostAccountId(open()),
    setHostAccountId: (githubId) => track((c) => setHostAccountId(c, githubId)),
    listPendingStatuses: () => listPendingStatuses(open()),
    putPendingStatus: (key, pending) => track((c) => putPendingStatus(c, key, pending)),
    removePendingStatus: (key) => track((c) => removePendingStatus(c, key)),
    acceptedStatus: (key) => acceptedStatus(open(), key),
    statusAccepted: (key, fingerprint, pendingKey) =>
      track((c) => statusAccepted(c, key, fingerprint, pendingKey)),
    listProjects: () => listProjects(open()),
    getProject: (projectId) => getProject(open(), projectId),
    createProject: (project) => track((c) => createProject(c, project)),
    deleteProject: (projectId) => track((c) => deleteProject(c, projectId)),
    setDefaultBranch: (projectId, branch) => track((c) => setDefaultBranch(c, projectId, branch)),
    listHooks: (projectId) => listHooks(open(), projectId),
    getHook: (hookId) => getHook(open(), hookId),
    createHook: (projectId, definition) => track((c) => createHook(c, projectId, definition)),
    updateHook: (hookId, patch) => track((c) => updateHook(c, hookId, patch)),
    deleteHook: (hookId) => track((c) => deleteHook(c, hookId)),
    requestBuild: (request) => track((c) => requestBuild(c, request)),
    listBuilds: (projectId, page, perPage) => read((c) => listBuilds(c, projectId, page, perPage)),
    getBuild: (projectId, number) => read((c) => getBuild(c, projectId, number)),
    getJob: (jobId) => read((c) => getJob(c, jobId)),
    getDeliveryPayload: (projectId, deliveryId) => read((c) => getDeliveryPayload(c, projectId, deliveryId)),
    updateAttempt: (jobId, patch) => track((c) => updateAttempt(c, jobId, patch)),
    addAttempt: (jobId, definition) => track((c) => addAttempt(c, jobId, definition)),
    listUnfinishedJobs: () => track((c) => listUnfinishedJobs(c)),
    hasDelivery: (projectId, deliveryId) => track((c) => hasDelivery(c, projectId, deliveryId)),
    deliveryMark: (hookId) => deliveryMark(context, hookId),
    setDeliveryMark: (hookId, mark) => track((c) => setDeliveryMark(c, hookId, mark)),
    getMembers: (projectId) => getMembers(open(), projectId),
        replaceMembers: (projectId, members, syncedAt, ownerAccess) =>
      track((c) => replaceMembers(c, projectId, members, syncedAt, ownerAccess)),
    setOwnerAccess: (projectId, ownerAccess) => track((c) => setOwnerAccess(c, projectId, ownerAccess)),
    setRolesOf: (githubId, roles) => track((c) => setRolesOf(c, githubId, roles)),
    getSession: (tokenHash) => getSession(open(), tokenHash),
    saveSession: (tokenHash, session) => track((c) => saveSession(c, tokenHash, session)),
    deleteSession: (tokenHash) => track((c) => deleteSession(c, tokenHash)),
    deleteSessionsOf: (githubId) => track((c) => deleteSessionsOf(c, githubId)),
        countSessionsOf: (githubId) => countSessionsOf(open(), githubId),
    deleteExpiredSessions: (now) => track((c) => deleteExpiredSessions(c, now)),
  };
}
