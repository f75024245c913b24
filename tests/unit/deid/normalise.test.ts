import { describe, expect, it } from 'vitest';
import { foldKey, foldWithMap, toOriginalRange } from '../../../shared/deid/normalise.js';

describe('case and accent folding', () => {
  it('folds case and accents, including letters NFD leaves alone (đ, ø)', () => {
    expect(foldKey('Quỳnh Lưu')).toBe('quynh luu');
    expect(foldKey('Đỗ Đức Minh')).toBe('do duc minh');
    expect(foldKey('Graça Macuácua')).toBe('graca macuacua');
    expect(foldKey('CORA')).toBe('cora');
  });

  it('maps a match in the folded text back to exact UTF-16 offsets of the original', () => {
    const text = '🙏 Chị Hạnh gặp Đỗ Đức Minh';
    const f = foldWithMap(text);
    const at = f.folded.indexOf('do duc minh');
    expect(at).toBeGreaterThan(0);
    const [s, e] = toOriginalRange(f, at, at + 'do duc minh'.length);
    expect(text.slice(s, e)).toBe('Đỗ Đức Minh');
  });

  it('keeps an identity map for ASCII text', () => {
    const f = foldWithMap('Hello World');
    expect(f.folded).toBe('hello world');
    expect(toOriginalRange(f, 6, 11)).toEqual([6, 11]);
  });
});
