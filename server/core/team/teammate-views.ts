// What a teammate is shown of the server itself: what their screens use (is the engine up, do
// webhooks arrive), not where the server keeps its data or how it reaches its Docker engine. The
// operator sees everything.
import type { AppStatusDto } from '../../contract/dto.js';
import type { EventName, Events } from '../../contract/events.js';
import type { Caller } from '../ports.js';

export function statusFor(caller: Caller, status: AppStatusDto): AppStatusDto {
  if (caller.kind === 'operator') return status;
  const { docker } = status;
  return {
    ...status,
    dataDir: null,
    docker: {
      ...docker,
      endpoint: null,
      // The engine's own message names its socket or address.
      problem:
        docker.problem === null
          ? null
          : 'The Docker engine of this server does not answer; its operator can see why.',
    },
  };
}

/** An event as `caller` receives it (after event-audience.ts decided they receive it at all). */
export function eventFor<K extends EventName>(caller: Caller, name: K, payload: Events[K]): Events[K] {
  return name === 'app.status' ? (statusFor(caller, payload as AppStatusDto) as Events[K]) : payload;
}
