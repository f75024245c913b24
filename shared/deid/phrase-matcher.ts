/**
 * One precompiled matcher for many phrases (register names, gazetteer places, propagated
 * entities): a hash from a phrase's first folded token to the phrases starting with it, longest
 * first. Matching costs one Map lookup per text token, whatever the number of phrases, instead
 * of one regex per name.
 */
import { joinable, phraseKeys, type Tokens } from './tokens.js';

interface Entry<T> {
  keys: string[];
  payload: T;
}

export interface PhraseMatch<T> {
  /** First and last (exclusive) token index. */
  from: number;
  to: number;
  payload: T;
}

export class PhraseMatcher<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();
  private count = 0;

  /** Adds a phrase; returns false when it has no word in it. */
  add(phrase: string, payload: T): boolean {
    const keys = phraseKeys(phrase);
    return this.addKeys(keys, payload);
  }

  addKeys(keys: string[], payload: T): boolean {
    if (keys.length === 0) return false;
    let list = this.byFirst.get(keys[0]!);
    if (!list) this.byFirst.set(keys[0]!, (list = []));
    // Kept longest first, so the first hit at a position is the longest phrase.
    let at = list.length;
    while (at > 0 && list[at - 1]!.keys.length < keys.length) at--;
    list.splice(at, 0, { keys, payload });
    this.count++;
    return true;
  }

  get size(): number {
    return this.count;
  }

  /** Whether any phrase starts with this folded token (cheap pre-check). */
  hasFirst(key: string): boolean {
    return this.byFirst.has(key);
  }

  /**
   * For one text: whether any phrase starts with token i, looked up once per word type of the
   * text (a typed-array read per token after that, not a hash lookup per token).
   */
  firstsOf(t: Tokens): (i: number) => boolean {
    const memo = new Int8Array(t.types);
    const byFirst = this.byFirst;
    return (i) => {
      const ty = t.type[i]!;
      let v = memo[ty]!;
      if (v === 0) memo[ty] = v = byFirst.has(t.typeKey[ty]!) ? 1 : -1;
      return v > 0;
    };
  }

  /** Every phrase that matches starting at token i (longest first). */
  matchAt(t: Tokens, i: number): PhraseMatch<T>[] {
    const list = this.byFirst.get(t.key[i]!);
    if (!list) return [];
    const out: PhraseMatch<T>[] = [];
    for (const e of list) {
      const len = e.keys.length;
      if (i + len > t.n) continue;
      let ok = true;
      for (let k = 1; k < len; k++) {
        if (t.key[i + k] !== e.keys[k] || !joinable(t, i + k)) {
          ok = false;
          break;
        }
      }
      if (ok) out.push({ from: i, to: i + len, payload: e.payload });
    }
    return out;
  }

  /** All matches over the text, left to right; at each position every matching phrase. */
  findAll(t: Tokens): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    const first = this.firstsOf(t);
    for (let i = 0; i < t.n; i++) {
      if (!first(i)) continue;
      for (const m of this.matchAt(t, i)) out.push(m);
    }
    return out;
  }
}
