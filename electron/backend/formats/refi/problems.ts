/**
 * What was wrong with a file, gathered while reading it. The same kind of fault is reported once
 * with a count and the first few examples, so a file with 300 bad colours gives one line, not 300.
 * Messages name elements, attributes, GUIDs, code and source names: never source text.
 */
export class Problems {
  private readonly byKey = new Map<string, { text: string; examples: string[]; count: number }>();

  /** `key` groups faults of one kind; `text` says what is wrong; `example` names one instance. */
  add(key: string, text: string, example?: string): void {
    const p = this.byKey.get(key);
    if (p) {
      p.count++;
      if (example && p.examples.length < 3) p.examples.push(example);
    } else this.byKey.set(key, { text, examples: example ? [example] : [], count: 1 });
  }

  get size(): number {
    return this.byKey.size;
  }

  list(): string[] {
    return [...this.byKey.values()].map((p) => {
      const ex = p.examples.length ? ` (${p.examples.join('; ')}${p.count > p.examples.length ? '; …' : ''})` : '';
      return p.count > 1 ? `${p.text}: ${p.count} times${ex}` : `${p.text}${ex}`;
    });
  }
}

/** A value quoted in a message, cut short. */
export const q = (s: string, max = 60): string => `"${s.length > max ? `${s.slice(0, max)}…` : s}"`;
