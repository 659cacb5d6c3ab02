// One attempt of one job, from queued to finished: fetch the commit on the host, prepare the image,
// the install step (or its cached image), the build step, and the outcome. Every path out of here
// ends the attempt with a final status; nothing stays "running".
import type { JobDto, ProjectDto, SettingsDto } from '../../contract/dto.js';
import {
  EngineError,
  SourceError,
  type AttemptPatch,
  type ContainerSpec,
  type JobEngine,
  type JobLogs,
  type LogWriter,
  type Logger,
  type RunningStep,
  type SourceRepository,
  type StartedContainer,
  type Store,
} from '../ports.js';
import { AttemptStopped, closingLine, errorOutcome, type AttemptOutcome } from './attempt-outcome.js';
import { cacheKeyOf } from './cache-key.js';
import type { InstallCache } from './install-cache.js';
import { jobEnvironment } from './job-environment.js';
import { label } from './labels.js';
import { warmUp } from './warm-container.js';
import { Watchdog } from './watchdog.js';

export interface AttemptServices {
  readonly store: Store;
  readonly engine: JobEngine;
  readonly sources: SourceRepository;
  readonly logs: JobLogs;
  readonly cache: InstallCache;
  readonly settings: () => SettingsDto;
  readonly credentials: (project: ProjectDto) => Promise<{ username: string; password: string } | null>;
  readonly log: Logger;
  /**
   * Labels marking this Kozmic's containers: recovery removes only these, so two instances (a desktop
   * app and a team server, or tests) sharing one engine never remove each other's running jobs.
   */
  readonly instanceLabels: Readonly<Record<string, string>>;
  /** Called after every change of the job, to publish it. */
  readonly changed: (job: JobDto) => Promise<void>;
  /**
   * The skip marker in a commit message, if any. A pull request's delivery carries no commit message,
   * so its head commit is checked here, once fetched.
   */
  readonly skipMarkerOf?: (message: string) => string | null;
}

export class AttemptRun {
  readonly jobId: string;
  /** Set once the install step was committed to a new cached image (the scheduler then trims the cache). */
  cachedImage = false;
  /**
   * Set when this attempt may have left a container on the engine: a removal failed, or the engine failed
   * under it (the scheduler removes leftovers once the engine answers again).
   */
  leftContainers = false;
  readonly #s: AttemptServices;
  #stop: AttemptOutcome | null = null;
  #step: RunningStep | null = null;
  #log: LogWriter | null = null;
  readonly #cleanups: Promise<void>[] = [];

  constructor(services: AttemptServices, jobId: string) {
    this.#s = services;
    this.jobId = jobId;
  }

  /** Ends the attempt as soon as possible with this outcome (kills the running container, if any). */
  stop(outcome: AttemptOutcome): void {
    if (this.#stop) return;
    this.#stop = outcome;
    this.#log?.note(outcome.reason ?? `Stopped (${outcome.status}).`);
    void this.#step?.kill().catch(() => undefined);
  }

  async run(): Promise<AttemptOutcome> {
    const { store } = this.#s;
    const queued = await store.getJob(this.jobId);
    if (!queued) throw new Error(`job ${this.jobId} vanished from the store`);
    const settings = this.#s.settings();
    // The log exists before anyone is told the job runs, so a viewer that reacts to "running" finds it.
    const log = this.#s.logs.open(queued.attempts.at(-1)!.logFile, settings.logLimitBytes);
    this.#log = log;
    const job = await store.updateAttempt(this.jobId, {
      status: 'running',
      startedAt: new Date().toISOString(),
    });
    await this.#s.changed(job);
    const watchdog = new Watchdog(
      settings.stallTimeoutSeconds * 1000,
      settings.jobTimeoutSeconds * 1000,
      (reason) => this.stop(errorOutcome(reason)),
    );
    let outcome: AttemptOutcome;
    try {
      outcome = await this.#work(job, log, () => watchdog.touch());
    } catch (error) {
      // The closing line below gives the reason once; noting it here too showed it twice in the log.
      outcome = this.#outcomeOf(error);
    } finally {
      watchdog.stop();
    }
    if (this.#stop) outcome = this.#stop;
    log.note(closingLine(outcome));
    await log
      .close()
      .catch((error: unknown) => this.#s.log.error(`Closing the log of ${this.jobId} failed`, error));
    await Promise.all(this.#cleanups);
    const finished = await store.updateAttempt(this.jobId, {
      status: outcome.status,
      finishedAt: new Date().toISOString(),
      exitCode: outcome.exitCode,
      reason: outcome.reason,
    });
    await this.#s.changed(finished);
    return outcome;
  }

  async #work(job: JobDto, log: LogWriter, touch: () => void): Promise<AttemptOutcome> {
    const { store, engine, sources, cache } = this.#s;
    const project = store.getProject(job.projectId);
    const build = await store.getBuild(job.projectId, job.buildNumber);
    if (!project || !build) throw new AttemptStopped(errorOutcome('The project or build was deleted.'));
    const definition = job.definition;
    const attempt = job.attempts.length;

    const fetchRef = build.commit.fetchRef ?? `refs/heads/${build.ref}`;
    log.note(`Fetching ${build.sha.slice(0, 10)} (${fetchRef}) of ${project.fullName}`);
    log.note(`Preparing image ${definition.image}`);
    // The source and the image are independent: both are got at once, each reporting its progress.
    const credentials = await this.#s.credentials(project);
    const fetched = sources.fetch(
      { projectId: project.id, cloneUrl: project.cloneUrl, credentials, ref: fetchRef, sha: build.sha },
      (line) => (touch(), log.note(line)),
    );
    fetched.catch(() => undefined); // awaited below, after the image
    const baseImage = await engine.prepareImage(definition.image, (line) => (touch(), log.note(line)));
    // Images made for Kozmic have a `kozmic` user with passwordless sudo, and their scripts expect to run
    // as it; any other image runs its scripts as its own default user.
    const user = (await engine.imageHasUser(baseImage, 'kozmic')) ? 'kozmic' : null;
    const asUser = user
      ? `as user ${user} (the image has that user; sudo does root's work)`
      : "as the image's default user";
    const env = jobEnvironment(project, build, job);
    const limits = limitsOf(this.#s.settings());
    const containerSpec = (image: string, step: 'install' | 'build'): ContainerSpec => ({
      image,
      env,
      user,
      limits,
      committed: step === 'install',
      labels: {
        ...this.#s.instanceLabels,
        [label.project]: project.id,
        [label.hook]: job.hookId,
        [label.job]: job.id,
        [label.attempt]: String(attempt),
        [label.step]: step,
      },
    });
    const output = (chunk: Buffer): void => {
      touch();
      log.write(chunk);
    };
    const source = () => sources.exportTree(project.id, build.sha);
    const hasInstallStep = definition.installScript.trim() !== '';

    // Starting a container is the slowest part of a step, so the build step's container starts while the
    // source is still being fetched, from the image it will most likely use: the base image, or the
    // hook's newest cached install image. A wrong guess is removed unused.
    const guess = hasInstallStep ? await cache.newestImageOfHook(project.id, job.hookId) : baseImage;
    const remove = (containerId: string) => this.#remove(containerId);
    const warm = guess === null ? null : warmUp(engine, cache, containerSpec(guess, 'build'), output, remove);
    let runImage = baseImage;
    try {
      await fetched;
      this.#checkStopped();
      if (fetchRef.startsWith('refs/pull/') && this.#s.skipMarkerOf) {
        const marker = this.#s.skipMarkerOf(await sources.commitMessage(project.id, build.sha));
        if (marker) {
          return {
            status: 'cancelled',
            exitCode: null,
            reason: `Skipped: the commit message says ${marker}.`,
          };
        }
      }
      if (hasInstallStep) {
        const objectIds = await sources.objectIds(project.id, build.sha, definition.trackedFiles);
        const inputs = cacheKeyOf(baseImage, definition.installScript, objectIds);
        const lookup = await cache.lookup(project.id, job.hookId, inputs);
        void this.#record({
          cacheKeyInputs: inputs,
          cacheHit: lookup.hit,
          cacheReason: lookup.hit ? null : lookup.reason,
          cacheImageId: lookup.hit ? lookup.imageId : null,
        });
        if (lookup.hit) {
          runImage = lookup.imageId;
          log.note(
            'Install step skipped: the image, install script and tracked files are unchanged ' +
              `(cached image ${shortId(runImage)}).`,
          );
        } else {
          log.note(`Running the install script ${asUser}: no cached image (${lookup.reason})`);
          const installing = engine.startContainer(containerSpec(baseImage, 'install'), output);
          const install = await this.#runStep(installing, definition.installScript, source);
          try {
            if (install.exitCode !== 0) {
              const reason = `The install script exited with code ${install.exitCode}.`;
              return { status: 'failure', exitCode: install.exitCode, reason };
            }
            const labels = cache.cacheLabels(project.id, job.hookId, job.id, attempt, inputs.key);
            runImage = await engine.commit(install.containerId, labels);
            this.cachedImage = true;
            cache.pin(runImage);
            void this.#record({ cacheImageId: runImage });
            log.note(`Install step cached for the next builds (image ${shortId(runImage)}).`);
          } finally {
            await this.#remove(install.containerId);
          }
        }
      }

      log.note(`Running the build script ${asUser}`);
      const container =
        warm?.take(runImage) ?? engine.startContainer(containerSpec(runImage, 'build'), output);
      const result = await this.#runStep(container, definition.buildScript, source);
      // Removed after the log is closed, so viewers see the end at once; before the job is recorded as finished.
      this.#cleanups.push(this.#remove(result.containerId));
      return result.exitCode === 0
        ? { status: 'success', exitCode: 0, reason: null }
        : {
            status: 'failure',
            exitCode: result.exitCode,
            reason: `The build script exited with code ${result.exitCode}.`,
          };
    } finally {
      await warm?.discardUnused();
      if (runImage !== baseImage) cache.unpin(runImage);
    }
  }

  async #runStep(
    starting: Promise<StartedContainer>,
    script: string,
    source: () => Promise<NodeJS.ReadableStream>,
  ): Promise<{ containerId: string; exitCode: number }> {
    const container = await starting;
    if (this.#stop) {
      await this.#remove(container.containerId);
      this.#checkStopped();
    }
    const step = await container.run(script, source);
    this.#step = step;
    if (this.#stop) void step.kill();
    try {
      const exitCode = await step.exited;
      this.#checkStopped();
      return { containerId: step.containerId, exitCode };
    } catch (error) {
      await this.#remove(step.containerId);
      throw error;
    } finally {
      this.#step = null;
      if (this.#stop) await this.#remove(step.containerId);
    }
  }

  /** Removes a container of this attempt; one that cannot be removed is left for a later sweep. */
  async #remove(containerId: string): Promise<void> {
    try {
      await this.#s.engine.removeContainer(containerId);
    } catch (error) {
      this.leftContainers = true;
      this.#s.log.warn(`Container ${containerId.slice(0, 12)} stays until the engine answers: ${error}`);
    }
  }

  /**
   * Records what the cache decided. Not awaited on the job's critical path: the store serialises
   * writes, so this lands before the attempt's final update.
   */
  async #record(patch: AttemptPatch): Promise<void> {
    try {
      await this.#s.changed(await this.#s.store.updateAttempt(this.jobId, patch));
    } catch (error) {
      this.#s.log.error(`Recording the cache result of ${this.jobId} failed`, error);
    }
  }

  #checkStopped(): void {
    if (this.#stop) throw new AttemptStopped(this.#stop);
  }

  #outcomeOf(error: unknown): AttemptOutcome {
    if (error instanceof AttemptStopped) return error.outcome;
    if (error instanceof SourceError) return errorOutcome(`Getting the source failed: ${error.message}`);
    if (error instanceof EngineError) {
      if (error.kind === 'engine') this.leftContainers = true;
      return errorOutcome(error.message);
    }
    this.#s.log.error(`Job ${this.jobId} failed unexpectedly`, error);
    return errorOutcome(`Kozmic failed while running this job: ${(error as Error).message ?? String(error)}`);
  }
}

function limitsOf(settings: SettingsDto) {
  return {
    memoryBytes: settings.jobMemoryMb * 1024 * 1024,
    nanoCpus: Math.round(settings.jobCpus * 1e9),
    pidsLimit: settings.jobPidsLimit,
  };
}

function shortId(imageId: string): string {
  return imageId.replace(/^sha256:/, '').slice(0, 12);
}
