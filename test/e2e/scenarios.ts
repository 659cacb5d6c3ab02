// Builds the end-to-end tests run, as data: what the hook does, and what the interface must then show.
import type { BuildStatus } from '../../server/contract/dto.js';

export interface BuildScenario {
  readonly message: string;
  readonly buildScript: string;
  readonly status: BuildStatus;
  /** Text the console must show once the build is over. */
  readonly console: readonly string[];
}

/** Prints coloured lines over a few seconds, so the console is seen filling while the job runs. */
export const liveBuild: BuildScenario = {
  message: 'Add the change file',
  buildScript: [
    'echo "building $KOZMIC_BRANCH"',
    'for i in 1 2 3; do printf "\\033[32mstep %s ok\\033[0m\\n" "$i"; sleep 1.5; done',
    'echo "all steps done"',
  ].join('\n'),
  status: 'success',
  console: ['building main', 'step 3 ok', 'all steps done'],
};

export const failingBuild: BuildScenario = {
  message: 'Break the tests',
  buildScript: [
    'echo "running the tests"',
    'printf "\\033[31mFAIL: expected 2, got 3\\033[0m\\n" >&2',
    'exit 3',
  ].join('\n'),
  status: 'failure',
  console: ['running the tests', 'FAIL: expected 2, got 3'],
};

/** Markup in a commit message and in log output must show as text, never run. */
export const markupPayload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

export const markupBuild: BuildScenario = {
  message: `Escape me ${markupPayload}`,
  buildScript: `echo '${markupPayload}'`,
  status: 'success',
  console: [markupPayload],
};

/** Runs until cancelled, printing a heartbeat. */
export const endlessBuild: BuildScenario = {
  message: 'Run forever',
  buildScript: 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 1; done',
  status: 'cancelled',
  console: ['tick 1'],
};
