export * from './commands.js';
export * from './dto.js';
export * from './envelope.js';
export * from './events.js';
export * from './log-stream.js';
export * from './settings.js';
