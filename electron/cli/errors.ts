/** Exit codes and the one error type the CLI throws: its message becomes the single stderr line. */
import type { ErrorInfo } from '../../shared/result.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_ERROR | typeof EXIT_USAGE = EXIT_ERROR,
    /** The backend's error code, when the error came from the router. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage problem: a missing or malformed argument, or a step that needs a flag when not interactive. */
export const usageError = (message: string): CliError => new CliError(message, EXIT_USAGE);

/** Backend errors: INVALID_INPUT means the arguments were wrong (usage, exit 2); anything else is exit 1. */
export const backendError = (e: ErrorInfo): CliError => new CliError(e.message, e.code === 'INVALID_INPUT' ? EXIT_USAGE : EXIT_ERROR, e.code);

/** One line, always: stderr carries exactly `tandai: <message>` per failure. */
export const oneLine = (s: string): string => s.replace(/\s*\r?\n\s*/g, ' ').trim();
