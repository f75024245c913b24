import { describe, expect, it } from 'vitest';
import { detectUtterances, findSpeakerLabels, parseTimestampMs } from '../../../shared/text/speakers.js';
import { fixtureText, labels, slices, tilingViolation } from './fixtures.js';

const speakers = (text: string): Array<string | null> => detectUtterances(text).map((u) => u.speaker);

describe('detectUtterances: label forms', () => {
  it.each([
    ['Interviewer: hi\nRespondent: hello', ['Interviewer', 'Respondent']],
    ['I: hi\nR: hello\nP1: yes', ['I', 'R', 'P1']],
    ['Pewawancara: Halo\nNarasumber: Halo juga', ['Pewawancara', 'Narasumber']],
    ['[Interviewer] hi\n[Ani]: hello', ['Interviewer', 'Ani']],
    ['Ani (00:01:02): hi\nBudi [1:02:03.5]: yes', ['Ani', 'Budi']],
    ['[00:00:05] Speaker 1: hi\n(00:00:09) Speaker 2: yes', ['Speaker 1', 'Speaker 2']],
    ['**Interviewer:** hi\n**Ani**: hello', ['Interviewer', 'Ani']],
    ['Speaker 1  0:03\nHello there.\n\nSpeaker 2  0:05\nHi.', ['Speaker 1', 'Speaker 2']],
    ['Interviewer:\nThe answer on the next line.', ['Interviewer']],
    ['ผู้สัมภาษณ์: สวัสดี\nអ្នកសម្ភាសន៍: សួស្តី\nጠያቂ፦ ሰላም', ['ผู้สัมภาษณ์', 'អ្នកសម្ភាសន៍', 'ጠያቂ']],
  ])('finds the speakers in %j', (text, expected) => {
    expect(speakers(text)).toEqual(expected);
    expect(tilingViolation(text, detectUtterances(text))).toBeNull();
  });

  it('covers the label without colon, brackets or timestamp, and the speaker is that text', () => {
    const text = '[00:00:05] Ani (00:01:02): hi\n[Budi]: yes\n**Pewawancara:** ok';
    const us = detectUtterances(text);
    expect(labels(text, us)).toEqual(['Ani', 'Budi', 'Pewawancara']);
    expect(us.map((u) => u.speaker)).toEqual(['Ani', 'Budi', 'Pewawancara']);
  });

  it('parses inline timestamps into tStartMs and leaves tEndMs empty', () => {
    const us = detectUtterances('Ani (00:01:02): hi\nBudi [1:02:03.5]: yes\n[00:00:07,250] Ani: ok\nBudi: no time');
    expect(us.map((u) => u.tStartMs)).toEqual([62_000, 3_723_500, 7_250, null]);
    expect(us.every((u) => u.tEndMs === null)).toBe(true);
  });

  it('parses h:mm:ss, mm:ss and fractions', () => {
    expect(parseTimestampMs('01:02:03')).toBe(3_723_000);
    expect(parseTimestampMs('2:03')).toBe(123_000);
    expect(parseTimestampMs('00:00:01,5')).toBe(1_500);
    expect(parseTimestampMs('00:00:01.025')).toBe(1_025);
  });
});

describe('detectUtterances: turns and paragraphs', () => {
  it('a turn runs from its label line to the next label, continuation and blank lines included', () => {
    const text = 'Interviewer: Tell me.\n  More.\n\nStill the interviewer.\n\nRespondent: Fine.\n';
    expect(slices(text, detectUtterances(text))).toEqual([
      'Interviewer: Tell me.\n  More.\n\nStill the interviewer.',
      'Respondent: Fine.',
    ]);
  });

  it('text before the first label becomes one utterance per paragraph', () => {
    const text = 'Interview 7\nDate: 3 May\n\n  Consent given.  \n\n\nInterviewer: hi\n';
    const us = detectUtterances(text);
    expect(slices(text, us)).toEqual(['Interview 7\nDate: 3 May', 'Consent given.', 'Interviewer: hi']);
    expect(us.slice(0, 2).every((u) => u.speaker === null && u.labelStart === null)).toBe(true);
  });

  it('a text without labels is one utterance per paragraph', () => {
    const text = '\n\nFirst paragraph\nline two\n \t\nSecond paragraph';
    expect(slices(text, detectUtterances(text))).toEqual(['First paragraph\nline two', 'Second paragraph']);
  });

  it('whitespace-only text has no utterances', () => {
    expect(detectUtterances(' \n\n\t')).toEqual([]);
    expect(detectUtterances('')).toEqual([]);
  });
});

describe('detectUtterances: what is not a label', () => {
  it.each([
    ['a colon in the middle of a line', 'Interviewer: We said: yes.\nI mean: no.'],
    ['metadata and annotation words', 'Interviewer: ok\nNote: the phone rang.\nDate: today\n[inaudible] words\n[Laughs] more'],
    ['a prose line that ends in a colon, seen once', 'Interviewer: ok\nSo what I mean is: the school.'],
    ['a URL or a clock time at line start', 'Interviewer: ok\nhttps://example.org/x\n10:30: we met'],
    ['a lowercase word seen once', 'Interviewer: ok\nexample: something'],
    ['a name longer than 40 characters', 'Interviewer: ok\nAbcdefghij Abcdefghij Abcdefghij Abcdefghij: x\nAbcdefghij Abcdefghij Abcdefghij Abcdefghij: y'],
    ['more than five words', 'Interviewer: ok\nOne Two Three Four Five Six: x\nOne Two Three Four Five Six: y'],
    ['a colon not followed by a space', 'Interviewer: ok\nRatio:3'],
  ])('%s', (_why, text) => {
    expect(speakers(text)).toEqual(['Interviewer']);
  });

  it('accepts a multi-word name when it opens a line at least twice', () => {
    expect(speakers('Ibu Sari: satu\nPak Budi: dua\nIbu Sari: tiga\nPak Budi: empat')).toEqual([
      'Ibu Sari',
      'Pak Budi',
      'Ibu Sari',
      'Pak Budi',
    ]);
  });

  it('rejects a multi-word name seen once (so a prose line is not a turn)', () => {
    expect(speakers('He told me this: nothing')).toEqual([null]);
  });

  it('findSpeakerLabels reports label lines only', () => {
    const text = 'Intro.\n\n  I: hi\nnot a label\nR: yes';
    expect(findSpeakerLabels(text).map((l) => [l.lineStart, l.speaker])).toEqual([
      [10, 'I'],
      [28, 'R'],
    ]);
  });
});

describe('detectUtterances: offsets are UTF-16 indices that survive emoji and complex scripts', () => {
  it('slices the exact turns and labels of the multi-script fixture', () => {
    const text = fixtureText('multiscript.txt');
    const us = detectUtterances(text);
    expect(slices(text, us)).toEqual(text.trimEnd().split('\n'));
    expect(labels(text, us)).toEqual(['I', 'R', 'ผู้สัมภาษณ์', 'អ្នកសម្ភាសន៍', 'ጠያቂ', 'P1']);
    expect(tilingViolation(text, us)).toBeNull();
  });

  it('counts an astral character as two units', () => {
    const text = '😀 intro\n\nI: 𝒜 end';
    const us = detectUtterances(text);
    expect(us.map((u) => [u.start, u.end])).toEqual([
      [0, 8],
      [10, 19],
    ]);
    expect(text.slice(us[1]!.start, us[1]!.end)).toBe('I: 𝒜 end');
  });
});

describe('detectUtterances: tiling', () => {
  it('tiles the non-whitespace content of every fixture and of a long generated text', () => {
    const texts = ['interview-en.txt', 'wawancara-id.md', 'multiscript.txt'].map(fixtureText);
    const lines = ['Interviewer: a', '', '  continued 😀', 'R: ok', '[inaudible]', 'Note: x', '\t', 'ผู้หญิง', 'P2 (00:00:01): y'];
    let long = '';
    for (let i = 0; i < 2000; i++) long += `${lines[(i * 5) % lines.length]}\n`;
    for (const text of [...texts, long]) expect(tilingViolation(text, detectUtterances(text))).toBeNull();
  });
});
