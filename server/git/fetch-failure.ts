// What a failed `git fetch` means for the user. Git's own words are kept (they name the URL and the
// cause); a first line says what went wrong in plain terms and what to do about it.
import type { Redactor } from './redactor.js';

const ADVICE: readonly (readonly [RegExp, string])[] = [
  [
    /could not read (?:username|password)|authentication failed|terminal prompts disabled|returned error: 401/i,
    'Authentication failed: GitHub refused the token. Sign in again (the token may have expired or been revoked).',
  ],
  [
    /returned error: 403/i,
    'GitHub denied access (403): the signed-in account may have lost access to the repository, or GitHub is ' +
      "rate-limiting. Check the account's access, sign in again, or retry later.",
  ],
  [
    /repository '.*' not found|repository not found|returned error: 404|does not appear to be a git repository/i,
    "Repository not found: it may have been renamed, deleted or made private. Check the project's repository on " +
      'GitHub and that the signed-in account can see it.',
  ],
  [
    /couldn't find remote ref/i,
    'The ref no longer exists on GitHub (the branch was deleted or the pull request closed). Push it again or ' +
      'build a newer commit.',
  ],
  [
    /could not resolve|failed to connect|couldn't connect|connection (?:refused|reset)|timed out|unable to access/i,
    'GitHub could not be reached. Check the network connection (and any proxy) and try again.',
  ],
];

/** Progress counters are noise in an error message; git's `fatal:`/`error:`/`remote:` messages are kept. */
const PROGRESS = /\d+% \(\d+\/\d+\)|, done\.$|^remote: Total \d+/;

function gitSaid(stderr: string, redact: Redactor): string {
  const lines = stderr
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !PROGRESS.test(line));
  return redact(lines.slice(-20).join('\n'));
}

export function fetchFailureMessage(ref: string, stderr: string, redact: Redactor): string {
  const said = gitSaid(stderr, redact);
  const advice = ADVICE.find(([pattern]) => pattern.test(said))?.[1] ?? `git fetch of ${ref} failed.`;
  return said === '' ? advice : `${advice}\n${said}`;
}
