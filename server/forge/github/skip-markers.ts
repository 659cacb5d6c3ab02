// Kozmic's skip markers (reference §5): `[ci skip]` and `[skip ci]` with any run of whitespace
// between the words, `skip_ci` and `ci_skip`, case-insensitive, anywhere in the text. The last two also
// match `[CI_SKIP]` and `[SKIP_CI]`.
const MARKER = /\[ci\s+skip\]|\[skip\s+ci\]|skip_ci|ci_skip/i;

/** The marker as written in `text`, or null when there is none. */
export function findSkipMarker(text: string | null | undefined): string | null {
  return text ? (MARKER.exec(text)?.[0] ?? null) : null;
}
