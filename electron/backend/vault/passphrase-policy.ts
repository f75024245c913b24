/** The passphrase policy of DESIGN.md: at least 12 characters and a zxcvbn-ts score of 3 or more. */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { TandaiError } from '../../../shared/result.js';

export const MIN_LENGTH = 12;
export const MIN_SCORE = 3;
let factory: ZxcvbnFactory | null = null;

export interface PassphraseVerdict {
  ok: boolean;
  score: number;
  reason: string | null;
}

export function checkPassphrase(passphrase: string): PassphraseVerdict {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  // zxcvbn is quadratic in length; the first 100 characters decide the score of anything longer.
  const r = factory.check(passphrase.slice(0, 100));
  if ([...passphrase].length < MIN_LENGTH) return { ok: false, score: r.score, reason: `too short: use at least ${MIN_LENGTH} characters` };
  if (r.score < MIN_SCORE) {
    const hint = r.feedback.warning || r.feedback.suggestions[0] || 'add more unrelated words';
    return { ok: false, score: r.score, reason: `too easy to guess (strength ${r.score} of 4, at least ${MIN_SCORE} needed): ${hint}` };
  }
  return { ok: true, score: r.score, reason: null };
}

export function assertStrongPassphrase(passphrase: string): void {
  const v = checkPassphrase(passphrase);
  if (!v.ok) throw new TandaiError('WEAK_PASSPHRASE', `weak passphrase: ${v.reason}`);
}
