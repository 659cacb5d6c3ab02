// How a step's script is started inside its container, the way GitHub Actions runs a `run:` step:
// a script with a shebang runs as written (its interpreter, its options); one without runs under
// `bash --noprofile --norc -eo pipefail`, or `sh -e` where the image has no bash, so the first failing
// command (or pipeline) ends the script with its code. Without this, `sh` ran the script and only its
// last command's code counted: `./tests.sh; echo done` succeeded whatever the tests did.
//
// Decided inside the container, in plain POSIX sh with builtins only (`read`, `case`, `command -v`):
// whether the image has bash is known only there, and the container starts before its script arrives.

export const scriptPath = '/kozmic/script';

/** Shell text that sets the positional parameters to the command running the script. */
export function chooseInterpreter(): string {
  // `read` fails on a one-line script without a final newline but still fills `first`.
  return [
    `read -r first <${scriptPath}`,
    'case "$first" in',
    `  '#!'*) set -- ${scriptPath} ;;`,
    '  *) if command -v bash >/dev/null 2>&1; then',
    `       set -- bash --noprofile --norc -eo pipefail ${scriptPath}`,
    `     else set -- sh -e ${scriptPath}; fi ;;`,
    'esac',
  ].join('\n');
}
