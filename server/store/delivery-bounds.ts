// How much of a delivery the store keeps. Anyone holding a hook's secret (or GitHub relaying a hostile
// push) decides these strings; kept whole, one 4 MB commit message would be rewritten with its history
// shard on every later change and sent with every project list. Texts are cut with an ellipsis;
// identifiers beyond GitHub's own limits are refused (input-checks.ts), never cut into another name.
import type { CommitDto } from '../contract/dto.js';

/** A commit message: enough for any real one's subject and body. */
export const MAX_MESSAGE_CHARS = 4096;
/** A git author's name. */
export const MAX_AUTHOR_CHARS = 255;
/** A branch name: git allows longer, GitHub refuses refs over 255 bytes. */
export const MAX_REF_BYTES = 255;
/** A commit URL (the repository's html_url + /commit/<sha>). */
export const MAX_URL_CHARS = 2048;
/** A delivery's raw payload file: a real push of 20 commits is well under this. */
export const MAX_PAYLOAD_CHARS = 256 * 1024;

const ELLIPSIS = '…';

/** `value` itself when it fits, else its first `max - 1` characters and an ellipsis (never half a surrogate pair). */
export function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max - ELLIPSIS.length;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end) + ELLIPSIS;
}

export function boundedCommit(commit: CommitDto): CommitDto {
  return {
    ...commit,
    message: shorten(commit.message, MAX_MESSAGE_CHARS),
    author: shorten(commit.author, MAX_AUTHOR_CHARS),
  };
}
