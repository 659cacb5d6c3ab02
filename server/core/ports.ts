// The core's view of the outside world. Adapters implement these interfaces; the core never imports
// an adapter. Each port documents who calls what and which calls are idempotent.
// One file per port under ports/; adapters import them only through this file.
export { CoreError } from './errors.js';
export type { BuildState } from './build-state.js';
export { buildOfPath } from './build-paths.js';
export * from './ports/store-port.js';
export * from './ports/engine-port.js';
export * from './ports/source-port.js';
export * from './ports/logs-port.js';
export * from './ports/host-port.js';
export * from './ports/forge-port.js';
export * from './ports/secret-port.js';
export * from './ports/tunnel-port.js';
export * from './ports/mail-port.js';
