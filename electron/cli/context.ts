/** What every command gets: output, prompts, the backend client, and a place to set a partial-failure exit code. */
import type { Client } from './client.js';
import type { Out } from './io.js';
import type { Prompter } from './prompt.js';

export interface CliContext {
  out: Out;
  prompt: Prompter;
  client: Client;
  /** Set by a command that finished but must still report failure (e.g. one file of many rejected). */
  exitCode: number;
}
