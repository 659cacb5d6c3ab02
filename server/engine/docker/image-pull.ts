// prepareImage: the image's id, pulling it first when it is not present locally.
import type Docker from 'dockerode';
import { EngineError } from '../../core/ports.js';
import { dockerMessageOf, isUnreachable, statusCodeOf, toEngineError } from './engine-errors.js';
import { explicitReference, parseImageReference } from './image-reference.js';
import { PullProgress, type PullEvent } from './pull-progress.js';

export async function prepareImage(
  docker: Docker,
  endpoint: string,
  reference: string,
  onProgress: (line: string) => void,
  signal?: AbortSignal,
): Promise<string> {
  const parsed = parseImageReference(reference.trim());
  if (parsed.repository === '') {
    throw new EngineError('image', 'No image is set for this job. Set one in the hook, e.g. "node:20".');
  }
  const name = explicitReference(parsed);
  signal?.throwIfAborted();
  const local = await localImageId(docker, endpoint, name, reference);
  if (local !== null) return local;

  onProgress(`Pulling ${reference}`);
  await pull(docker, endpoint, name, reference, onProgress, signal);
  const pulled = await localImageId(docker, endpoint, name, reference);
  if (pulled === null) {
    throw new EngineError(
      'image',
      `Docker reported pulling image "${reference}", but the image is not there afterwards. Try again.`,
    );
  }
  return pulled;
}

async function localImageId(
  docker: Docker,
  endpoint: string,
  name: string,
  reference: string,
): Promise<string | null> {
  try {
    return (await docker.getImage(name).inspect()).Id;
  } catch (error) {
    const status = statusCodeOf(error);
    if (status === 404) return null;
    if (status === 400) {
      throw new EngineError('image', `"${reference}" is not a valid image name: ${dockerMessageOf(error)}.`, {
        cause: error,
      });
    }
    throw toEngineError(error, endpoint, `looking for image "${reference}"`);
  }
}

async function pull(
  docker: Docker,
  endpoint: string,
  name: string,
  reference: string,
  onProgress: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const progress = new PullProgress(onProgress);
  // Failures after the pull started arrive as an `error` event in the stream, not as a rejection.
  let failure: string | null = null;
  try {
    const stream = await docker.pull(name, signal ? { abortSignal: signal } : {});
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error: unknown) => (error ? reject(error) : resolve()),
        (event: PullEvent) => {
          if (event.error !== undefined) failure ??= event.errorDetail?.message ?? event.error;
          else progress.add(event);
        },
      );
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (isUnreachable(error)) throw toEngineError(error, endpoint, 'pulling');
    failure ??= dockerMessageOf(error);
  }
  if (failure !== null) throw pullFailed(reference, failure);
}

function pullFailed(reference: string, dockerSaid: string): EngineError {
  return new EngineError(
    'image',
    `Image "${reference}" is not on this machine and could not be pulled: ${dockerSaid.replace(/\.$/, '')}. ` +
      'Check the image name and tag, and that its registry is reachable from this machine. A private image ' +
      'must be pulled once by hand (`docker pull`): Kozmic passes no registry credentials.',
  );
}
