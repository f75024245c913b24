/** Review mode's pure logic: reading order, the default decision path, what blocks signing, and the decision sent to the backend. */
import { describe, expect, it } from 'vitest';
import { decideInput, decisionPathFor, missing, readingOrder, screenLines, textBlocks, type DecisionDraft, type ReviewItem } from '../../../renderer/src/features/review/model.js';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const item = (n: number, kind: ReviewItem['kind']): ReviewItem => ({ key: `${kind}:${uuid(n)}`, kind, id: uuid(n), title: `${kind} ${n}`, text: '', attributes: {}, replacements: 0, kept: 0, originalAvailable: false, hash: 'h' });
const draft = (over: Partial<DecisionDraft> = {}): DecisionDraft => ({ verdict: 'approved', text: '', risk: 'not-rated', label: 'pseudonymised', out: '/tmp/d.review', comments: {}, revealed: [], ...over });

describe('the items in reading order', () => {
  it('puts transcripts first, then codes, then memos, keeping the package order within each kind', () => {
    const items = [item(1, 'memo'), item(2, 'code'), item(3, 'transcript'), item(4, 'code'), item(5, 'transcript')];
    expect(readingOrder(items).map((i) => i.key)).toEqual([items[2]!.key, items[4]!.key, items[1]!.key, items[3]!.key, items[0]!.key]);
  });
});

describe('the default path of the signed decision', () => {
  it('sits beside the package with "-decision" before the extension', () => {
    expect(decisionPathFor('/home/rina/in/study.tandai-review')).toBe('/home/rina/in/study-decision.tandai-review');
    expect(decisionPathFor('C:\\Users\\rina\\study.review')).toBe('C:\\Users\\rina\\study-decision.review');
  });
  it('appends "-decision" when the name has no extension (a dot in a folder name or a leading dot does not count)', () => {
    expect(decisionPathFor('/home/r.ina/package')).toBe('/home/r.ina/package-decision');
    expect(decisionPathFor('/home/rina/.package')).toBe('/home/rina/.package-decision');
  });
  it('is empty for an empty path', () => {
    expect(decisionPathFor('  ')).toBe('');
  });
});

describe('what blocks signing', () => {
  it('asks for conditions when approving with conditions, and for a reason when returning', () => {
    expect(missing(draft({ verdict: 'approved-with-conditions', text: '  ' }))).toBe('conditions');
    expect(missing(draft({ verdict: 'returned' }))).toBe('reason');
  });
  it('asks for where to save it', () => {
    expect(missing(draft({ out: ' ' }))).toBe('out');
  });
  it('lets a plain approval with a path through', () => {
    expect(missing(draft())).toBeNull();
  });
});

describe('the decision sent to review.decide', () => {
  const keys = [`transcript:${uuid(1)}`, `code:${uuid(2)}`];
  it('carries the risk, the label, non-blank comments in item order, and the revealed originals', () => {
    const input = decideInput(' /in/p.review ', draft({ verdict: 'approved-with-conditions', text: ' No quotes naming the school. ', risk: 'medium', label: 'anonymised', comments: { [keys[1]!]: ' fine ', [keys[0]!]: 'Check line 4', 'memo:x': '   ' }, revealed: [`entity:${uuid(9)}`, keys[0]!] }), keys);
    expect(input).toEqual({
      path: '/in/p.review',
      out: '/tmp/d.review',
      decision: 'approved-with-conditions',
      conditions: 'No quotes naming the school.',
      risk: 'medium',
      label: 'anonymised',
      comments: [
        { key: keys[0], text: 'Check line 4' },
        { key: keys[1], text: 'fine' },
      ],
      revealed: [`entity:${uuid(9)}`, keys[0]].sort(),
    });
  });
  it('sends a return with its reason and no conditions, and leaves out empty comments and reveals', () => {
    const input = decideInput('/p', draft({ verdict: 'returned', text: 'Ages are exact.' }), keys);
    expect(input).toEqual({ path: '/p', out: '/tmp/d.review', decision: 'returned', reason: 'Ages are exact.', risk: 'not-rated', label: 'pseudonymised' });
  });
  it('sends no conditions with a plain approval, whatever was typed before switching', () => {
    expect(decideInput('/p', draft({ text: 'left over' }), keys)).not.toHaveProperty('conditions');
  });
});

describe('the reading view\'s blocks of lines', () => {
  it('give the text back exactly when joined, each holding at most the given number of lines', () => {
    const text = Array.from({ length: 95 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const blocks = textBlocks(text, 40);
    expect(blocks).toHaveLength(3);
    expect(blocks.join('')).toBe(text);
    expect(blocks.map((b) => b.split('\n').length - 1)).toEqual([40, 40, 15]);
  });
  it('keep a last line without a line break, blank lines, and CRLF endings', () => {
    for (const text of ['a\n\nb', 'a\r\nb\r\n', 'only one line', '\n\n\n']) expect(textBlocks(text, 2).join('')).toBe(text);
  });
  it('are none for an empty text', () => {
    expect(textBlocks('')).toEqual([]);
  });
});

describe('the height reserved for a block not painted yet', () => {
  it('counts a line per line break, and a long line as the lines it wraps to', () => {
    expect(screenLines('short\nshort\n', 10)).toBe(2);
    expect(screenLines('x'.repeat(25) + '\n\n', 10)).toBe(4);
    expect(screenLines('no break at the end', 100)).toBe(1);
  });
});
