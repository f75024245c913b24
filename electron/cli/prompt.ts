/**
 * Questions at the terminal. Secrets are read with echo off (raw mode); nothing typed is ever
 * written back. Input that arrives ahead of a question (a pasted block, a test's stream) is kept
 * for the next one.
 */
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

export class Prompter {
  private pending = '';
  private ended = false;

  constructor(private readonly io: CliIo) {}

  async ask(question: string, opts: { hidden?: boolean } = {}): Promise<string> {
    const input = this.io.stdin;
    if (!input || !this.io.isTTY) throw new CliError('cannot ask: not at a terminal');
    this.io.stderr.write(question);
    const raw = Boolean(opts.hidden && input.isTTY && typeof input.setRawMode === 'function');
    let answer = '';
    // Returns true when the line is complete.
    const feed = (s: string): boolean | CliError => {
      for (let i = 0; i < s.length; i++) {
        const c = s[i]!;
        if (c === '\r' || c === '\n') {
          this.pending = s.slice(c === '\r' && s[i + 1] === '\n' ? i + 2 : i + 1);
          return true;
        }
        if (raw) {
          if (c === '\u0003' || (c === '\u0004' && answer === '')) return new CliError('cancelled');
          if (c === '\u007f' || c === '\b') {
            answer = [...answer].slice(0, -1).join('');
            continue;
          }
        }
        answer += c;
      }
      this.pending = '';
      return false;
    };
    const first = feed(this.pending);
    if (first === true) return answer;
    if (first instanceof CliError) throw first;
    if (this.ended) {
      if (answer) return answer;
      throw new CliError('no answer: the input ended');
    }

    if (raw) input.setRawMode!(true);
    return new Promise<string>((resolvePromise, reject) => {
      const done = (e?: CliError) => {
        input.off('data', onData);
        input.off('end', onEnd);
        if (raw) {
          input.setRawMode!(false);
          // Echo was off, so the Enter key left the cursor on the question's line.
          this.io.stderr.write('\n');
        }
        input.pause();
        if (e) reject(e);
        else resolvePromise(answer);
      };
      const onData = (chunk: string | Buffer) => {
        const r = feed(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        if (r === true) done();
        else if (r instanceof CliError) done(r);
      };
      const onEnd = () => {
        this.ended = true;
        if (answer) done();
        else done(new CliError('no answer: the input ended'));
      };
      input.on('data', onData);
      input.on('end', onEnd);
      input.resume();
    });
  }

  async confirmTyped(question: string, expected: string): Promise<boolean> {
    const answer = await this.ask(question);
    return answer.trim().toLowerCase() === expected.trim().toLowerCase();
  }
}
