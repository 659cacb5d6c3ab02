import type { DockerOptions } from 'dockerode';

export const defaultDockerEndpoint =
  process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';

/**
 * dockerode connection options for a DOCKER_HOST-style URL. `tcp://` means plain HTTP, as in the
 * docker CLI; TLS engines are reached with `https://` and the usual DOCKER_CERT_PATH files.
 */
export function dockerOptionsFor(endpoint: string): DockerOptions {
  const url = new URL(endpoint);
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(url.pathname) };
    case 'npipe:':
      return { socketPath: endpoint.slice('npipe://'.length).replace(/\//g, '\\') };
    case 'tcp:':
    case 'http:':
      return { protocol: 'http', host: url.hostname, port: Number(url.port || 2375) };
    case 'https:':
      return { protocol: 'https', host: url.hostname, port: Number(url.port || 2376) };
    default:
      throw new Error(`unsupported Docker endpoint ${endpoint}`);
  }
}
