// The Docker engine the settings name, re-created when the user points Kozmic at another one, so a
// changed `dockerHost` takes effect without a restart.
import type { JobEngine } from '../../core/ports.js';
import { DockerEngine } from './docker-engine.js';

export function followingDockerEngine(endpoint: () => string | null): JobEngine {
  let currentSetting = endpoint();
  let current = new DockerEngine(currentSetting);
  const engine = (): DockerEngine => {
    if (endpoint() !== currentSetting) {
      currentSetting = endpoint();
      current = new DockerEngine(currentSetting);
    }
    return current;
  };
  return {
    probe: () => engine().probe(),
    prepareImage: (reference, onProgress, signal) => engine().prepareImage(reference, onProgress, signal),
    imageHasUser: (imageId, user) => engine().imageHasUser(imageId, user),
    startContainer: (spec, onOutput) => engine().startContainer(spec, onOutput),
    startStep: (spec, onOutput) => engine().startStep(spec, onOutput),
    commit: (containerId, labels) => engine().commit(containerId, labels),
    removeContainer: (containerId) => engine().removeContainer(containerId),
    listImages: (labels) => engine().listImages(labels),
    removeImage: (imageId) => engine().removeImage(imageId),
    listContainers: (labels) => engine().listContainers(labels),
  };
}
