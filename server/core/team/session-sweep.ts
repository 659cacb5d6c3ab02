// Team sessions lapse 30 days after their last use (team-sessions.ts); expired ones are removed at
// start-up and once a day after, so state.json does not keep sessions nobody can use any more.
import type { Logger } from '../ports.js';
import type { TeamSessions } from './team-sessions.js';

const sweepMs = 24 * 60 * 60_000;

/** Sweeps now (awaited, so start-up begins clean), then daily; the returned function stops it. */
export async function sweepSessionsDaily(sessions: Pick<TeamSessions, 'sweep'>, log: Logger): Promise<() => void> {
  await sessions.sweep();
  const timer = setInterval(
    () => void sessions.sweep().catch((e: unknown) => log.warn(`Ending expired sessions: ${e}`)),
    sweepMs,
  );
  timer.unref();
  return () => clearInterval(timer);
}
