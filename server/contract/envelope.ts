// How every command's result crosses the boundary, whichever transport carries it.

export const errorCodes = [
  'invalid_arguments',
  'unknown_command',
  'not_found',
  'conflict',
  'forbidden',
  'unauthorized',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorBody {
  readonly code: ErrorCode;
  /** A sentence for a person: what happened and, where possible, what to do. */
  readonly message: string;
  /** For `invalid_arguments`: which argument paths were wrong. */
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

export type Envelope<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody };
