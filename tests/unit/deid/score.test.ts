import { describe, expect, it } from 'vitest';
import { scoreDocuments, wordTokens } from '../../../shared/deid/score.js';

describe('the scorer', () => {
  it('counts word-like Intl.Segmenter tokens in the document language', () => {
    expect(wordTokens('Mr. Ssekandi\'s file, CRB 1043/2022.', 'en').map((t) => t.text)).toEqual(['Mr', "Ssekandi's", 'file', 'CRB', '1043', '2022']);
  });

  it('scores recall over gold tokens (type need not match) and precision over predicted tokens', () => {
    const text = 'Rose Wairimu Njoroge lives in Ruiru with Grace.';
    const s = scoreDocuments([{
      id: 'd', language: 'en', text,
      gold: [{ start: 0, end: 20, type: 'PERSON' }, { start: 30, end: 35, type: 'LOCATION' }, { start: 41, end: 46, type: 'PERSON' }],
      predicted: [{ start: 0, end: 12, type: 'ORGANIZATION' }, { start: 30, end: 40, type: 'LOCATION' }],
    }]);
    // Gold tokens: Rose Wairimu Njoroge Ruiru Grace (5); covered: Rose Wairimu Ruiru (3).
    expect([s.goldTokens, s.goldCovered, s.recall]).toEqual([5, 3, 0.6]);
    // Predicted tokens: Rose Wairimu Ruiru with (4); inside gold: 3.
    expect([s.predictedTokens, s.predictedInGold, s.precision]).toEqual([4, 3, 0.75]);
    expect(s.perType.PERSON).toMatchObject({ goldTokens: 4, goldCovered: 2 });
    expect(s.missed.map((m) => m.token)).toEqual(['Njoroge', 'Grace']);
    expect(s.spurious.map((m) => m.token)).toEqual(['with']);
  });

  it('counts a token inside a span when at least half of it is covered', () => {
    const text = "Ssekandi's relatives";
    const s = scoreDocuments([{ id: 'd', language: 'en', text, gold: [{ start: 0, end: 8, type: 'PERSON' }], predicted: [{ start: 0, end: 8, type: 'PERSON' }] }]);
    expect([s.recall, s.precision]).toEqual([1, 1]);
  });
});
