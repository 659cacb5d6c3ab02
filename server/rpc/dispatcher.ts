import type { CommandName, CommandResult } from '../contract/commands.js';
import { isCommandName } from '../contract/commands.js';
import type { Envelope, ErrorBody } from '../contract/envelope.js';
import { CoreError, type CommandHandlers, type Dispatch } from '../core/ports.js';
import { commandSchemas } from './command-schemas.js';

/**
 * The one entry point both transports (IPC and HTTP) call. It never throws: unknown names, invalid
 * arguments and handler failures all come back as the error envelope. Unexpected errors are reported
 * through `onInternalError` and reach the caller without internals (no stack, no paths).
 */
export function createDispatcher(handlers: CommandHandlers, onInternalError: (error: unknown) => void): Dispatch {
  return async (name, args, caller) => {
    if (!isCommandName(name)) {
      return failure({ code: 'unknown_command', message: `There is no command named ${JSON.stringify(name)}.` });
    }
    const parsed = commandSchemas[name].safeParse(args ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || '(arguments)',
        message: issue.message,
      }));
      const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      return failure({ code: 'invalid_arguments', message: `Invalid arguments for ${name}: ${summary}`, issues });
    }
    try {
      const handler = handlers[name] as (
        a: unknown,
        c: typeof caller,
      ) => Promise<CommandResult<CommandName>> | CommandResult<CommandName>;
      return { ok: true, value: await handler(parsed.data, caller) };
    } catch (error) {
      if (error instanceof CoreError) return failure(error.toBody());
      onInternalError(error);
      return failure({ code: 'internal', message: `${name} failed unexpectedly. The details are in Kozmic's log.` });
    }
  };
}

function failure(error: ErrorBody): Envelope<never> {
  return { ok: false, error };
}
