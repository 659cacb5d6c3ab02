import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import Docker from 'dockerode';
import type { DockerStatusDto } from '../../contract/dto.js';
import {
  EngineError,
  type EngineContainer,
  type EngineImage,
  type JobEngine,
  type RunningStep,
  type StepSpec,
  type ContainerSpec,
  type StartedContainer,
} from '../../core/ports.js';
import { defaultDockerEndpoint, dockerOptionsFor } from './docker-endpoint.js';
import { dockerMessageOf, statusCodeOf, toEngineError, unreachableProblem } from './engine-errors.js';
import { ImagePasswd } from './image-passwd.js';
import { prepareImage } from './image-pull.js';
import { labelFilters, labelsOf } from './labels.js';
import { hasUser } from './passwd.js';
import { startContainer } from './step-container.js';

const probeTimeoutMs = 3000;

/** The JobEngine port on a real Docker engine, local or remote (nothing is ever bind-mounted). */
export class DockerEngine implements JobEngine {
  readonly endpoint: string;
  /** Only for the probe: a status check must answer quickly. */
  readonly #probeDocker: Docker;
  /**
   * Everything else. No timeout: dockerode's is an idle timeout on the socket, which would cut off a
   * silent step's output stream or its exit wait, or a long pull.
   */
  readonly #docker: Docker;
  readonly #passwd: ImagePasswd;

  constructor(endpoint: string | null) {
    this.endpoint = endpoint ?? defaultDockerEndpoint;
    const options = dockerOptionsFor(this.endpoint);
    // A new connection for every probe: an engine that is stopping refuses new connections while it
    // still answers on open ones, and the probe must see that.
    const agent =
      options.protocol === 'https' ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false });
    // dockerode hands its options to docker-modem, which takes `agent` (dockerode's types leave it out).
    this.#probeDocker = new Docker({ ...options, timeout: probeTimeoutMs, agent } as Docker.DockerOptions);
    this.#docker = new Docker(dockerOptionsFor(this.endpoint));
    this.#passwd = new ImagePasswd(this.#docker, this.endpoint);
  }

  async probe(): Promise<DockerStatusDto> {
    try {
      const version = await this.#probeDocker.version();
      return {
        reachable: true,
        endpoint: this.endpoint,
        version: version.Version,
        apiVersion: version.ApiVersion,
        problem: null,
      };
    } catch (error) {
      return {
        reachable: false,
        endpoint: this.endpoint,
        version: null,
        apiVersion: null,
        problem: unreachableProblem(error, this.endpoint, probeTimeoutMs),
      };
    }
  }

  prepareImage(reference: string, onProgress: (line: string) => void, signal?: AbortSignal): Promise<string> {
    return prepareImage(this.#docker, this.endpoint, reference, onProgress, signal);
  }

  async imageHasUser(imageId: string, user: string): Promise<boolean> {
    return hasUser(await this.#passwd.entries(imageId), user);
  }

  startContainer(spec: ContainerSpec, onOutput: (chunk: Buffer) => void): Promise<StartedContainer> {
    const answers = async (): Promise<boolean> => (await this.probe()).reachable;
    return startContainer(
      { docker: this.#docker, endpoint: this.endpoint, passwd: this.#passwd, answers },
      spec,
      onOutput,
    );
  }

  async startStep(spec: StepSpec, onOutput: (chunk: Buffer) => void): Promise<RunningStep> {
    const container = await this.startContainer(spec, onOutput);
    return container.run(spec.script, spec.source);
  }

  async commit(containerId: string, labels: Readonly<Record<string, string>>): Promise<string> {
    try {
      // The labels go in as the commit's config; Docker fills the rest of it from the container's, so
      // the image also keeps the container's labels, except where these override them.
      const result = (await this.#docker.getContainer(containerId).commit({
        _query: { container: containerId },
        _body: { Labels: { ...labels } },
      })) as { Id: string };
      return result.Id;
    } catch (error) {
      throw toEngineError(error, this.endpoint, `saving container ${containerId} as an image`);
    }
  }

  async removeContainer(containerId: string): Promise<void> {
    try {
      await this.#docker.getContainer(containerId).remove({ force: true, v: true });
    } catch (error) {
      const status = statusCodeOf(error);
      // Gone already, or being removed by a concurrent call: either way it will not be there.
      if (status === 404 || (status === 409 && /already in progress/i.test(dockerMessageOf(error)))) return;
      throw toEngineError(error, this.endpoint, `removing container ${containerId}`);
    }
  }

  async listImages(labels: Readonly<Record<string, string>>): Promise<readonly EngineImage[]> {
    try {
      // `all`: a cached image that another image was committed from counts as "intermediate" and
      // would be left out otherwise.
      const images = await this.#docker.listImages({ all: true, filters: labelFilters(labels) });
      return images.map((image) => ({
        id: image.Id,
        labels: labelsOf(image.Labels),
        createdAt: new Date(image.Created * 1000).toISOString(),
      }));
    } catch (error) {
      throw toEngineError(error, this.endpoint, 'listing images');
    }
  }

  async removeImage(imageId: string): Promise<void> {
    try {
      await this.#docker.getImage(imageId).remove({ force: false });
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 404) return;
      if (status === 409) {
        throw new EngineError(
          'engine',
          `Image ${imageId} is still in use and was kept: ${dockerMessageOf(error)}`,
          {
            cause: error,
          },
        );
      }
      throw toEngineError(error, this.endpoint, `removing image ${imageId}`);
    }
  }

  async listContainers(labels: Readonly<Record<string, string>>): Promise<readonly EngineContainer[]> {
    try {
      const containers = await this.#docker.listContainers({ all: true, filters: labelFilters(labels) });
      return containers.map((container) => ({
        id: container.Id,
        labels: labelsOf(container.Labels),
        running:
          container.State === 'running' || container.State === 'paused' || container.State === 'restarting',
      }));
    } catch (error) {
      throw toEngineError(error, this.endpoint, 'listing containers');
    }
  }
}
