/** Result-style errors: every failure the user can meet has a stable code and a message naming what is wrong. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'WRONG_PASSPHRASE',
  'WEAK_PASSPHRASE',
  'WRONG_RECOVERY_KEY',
  'INTEGRITY',
  'NEWER_SCHEMA',
  'NOT_A_PROJECT',
  'NO_IDENTITY',
  'IDENTITY_LOCKED',
  'IDENTITY_EXISTS',
  'NO_PROJECT',
  'PROJECT_LOCKED',
  'NOT_A_MEMBER',
  'NOT_FOUND',
  'CONFLICT',
  'DUPLICATE',
  'ALREADY_EXISTS',
  'UNKNOWN_ENCODING',
  'FILE_TOO_LARGE',
  'BINARY_FILE',
  'CORRUPT_FILE',
  'UNSUPPORTED_FORMAT',
  'EMPTY_FILE',
  'IO',
  'ROLLBACK',
  'WITHDRAWN',
  'FORBIDDEN',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}
export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: ErrorInfo };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): Err => ({ ok: false, error: { code, message } });

/** Thrown inside the backend; the router turns it into an `Err` with the same code and message. */
export class TandaiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TandaiError';
  }
}

export const fail = (code: ErrorCode, message: string): never => {
  throw new TandaiError(code, message);
};

export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new TandaiError(r.error.code, r.error.message);
}
