import { describe, expect, it } from 'vitest';
import { readTranscriptFile, transcriptFromText, type ImportedTranscript } from '../../../electron/backend/formats/index.js';
import type { Result } from '../../../shared/result.js';
import { fixtureText, labels, readFixture, slices, tilingViolation, utf16, utf8 } from './fixtures.js';

function value(r: Result<ImportedTranscript>): ImportedTranscript {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
function error(r: Result<ImportedTranscript>): { code: string; message: string } {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}
const times = (t: ImportedTranscript): Array<[number | null, number | null]> => t.utterances.map((u) => [u.tStartMs, u.tEndMs]);

describe('.vtt', () => {
  const expectedText =
    'Interviewer: Where do you live now?\n' +
    'Ibu Sari: In Desa Suka & Maju, near the river.\nIt floods.\n' +
    'No voice tag here <3';

  it('joins cue payloads by "\\n": voice tags become "Name: ", other tags go, references are decoded', async () => {
    const t = value(await readTranscriptFile(readFixture('interview.vtt'), 'interview.vtt'));
    expect(t.text).toBe(expectedText);
    expect(t).toMatchObject({ format: 'vtt', keepOriginal: true, encoding: 'utf-8' });
  });

  it('skips the header, NOTE and STYLE blocks, cue identifiers and cues holding only a voice tag', async () => {
    const t = value(await readTranscriptFile(readFixture('interview.vtt'), 'interview.vtt'));
    expect(t.text).not.toMatch(/WEBVTT|NOTE|note is skipped|color|intro-2|^1$/m);
    expect(t.utterances).toHaveLength(3);
  });

  it('makes one utterance per cue with its times and voice as speaker', async () => {
    const t = value(await readTranscriptFile(readFixture('interview.vtt'), 'interview.vtt'));
    expect(slices(t.text, t.utterances)).toEqual([
      'Interviewer: Where do you live now?',
      'Ibu Sari: In Desa Suka & Maju, near the river.\nIt floods.',
      'No voice tag here <3',
    ]);
    expect(times(t)).toEqual([
      [1000, 4500],
      [5000, 9250],
      [3_723_004, 3_724_000],
    ]);
    expect(labels(t.text, t.utterances)).toEqual(['Interviewer', 'Ibu Sari', null]);
    expect(t.utterances.map((u) => u.speaker)).toEqual(['Interviewer', 'Ibu Sari', null]);
    expect(tilingViolation(t.text, t.utterances)).toBeNull();
  });

  it('tolerates CRLF, a BOM, a missing final newline and UTF-16', async () => {
    const src = fixtureText('interview.vtt').replace(/\n/g, '\r\n').trimEnd();
    for (const bytes of [utf8(`\uFEFF${src}`), utf16(src, 'le', true)]) {
      expect(value(await readTranscriptFile(bytes, 'crlf.vtt')).text).toBe(expectedText);
    }
  });

  it('keeps offsets exact over emoji, Thai, Khmer and Amharic payloads', async () => {
    const vtt =
      'WEBVTT\n\n00:00.000 --> 00:01.000\n<v ผู้สัมภาษณ์>สวัสดีครับ 😀\n\n' +
      '00:01.000 --> 00:02.000\n<v អ្នកសម្ភាសន៍>សួស្តី 👨‍👩‍👧\n\n00:02.000 --> 00:03.500\n<v ጠያቂ>ሰላም ነው?';
    const t = value(await readTranscriptFile(utf8(vtt), 'm.vtt'));
    expect(slices(t.text, t.utterances)).toEqual(['ผู้สัมภาษณ์: สวัสดีครับ 😀', 'អ្នកសម្ភាសន៍: សួស្តី 👨‍👩‍👧', 'ጠያቂ: ሰላም ነው?']);
    expect(labels(t.text, t.utterances)).toEqual(['ผู้สัมภาษณ์', 'អ្នកសម្ភាសន៍', 'ጠያቂ']);
    expect(times(t)).toEqual([
      [0, 1000],
      [1000, 2000],
      [2000, 3500],
    ]);
  });

  it('keeps text found outside any cue as an untimed utterance instead of dropping it', async () => {
    const t = value(await readTranscriptFile(utf8('WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n\nstray line\n'), 's.vtt'));
    expect(slices(t.text, t.utterances)).toEqual(['Hello', 'stray line']);
    expect(times(t)).toEqual([
      [1000, 2000],
      [null, null],
    ]);
  });

  it('refuses a .vtt with text but no cue timings as corrupt, and one with no cues as empty', async () => {
    expect(error(await readTranscriptFile(utf8('Interviewer: this is a plain text file\n'), 'plain.vtt'))).toEqual({
      code: 'CORRUPT_FILE',
      message: 'plain.vtt: not a valid .vtt file (no cue timings such as 00:00:01.000 --> 00:00:04.000)',
    });
    expect(error(await readTranscriptFile(utf8('WEBVTT\n\nNOTE nothing here\n'), 'header.vtt')).code).toBe('EMPTY_FILE');
  });
});

describe('.srt', () => {
  it('reads numbered cues with comma times, strips <i> and {\\an8}, and finds speakers in payloads', async () => {
    const t = value(await readTranscriptFile(readFixture('interview.srt'), 'interview.srt'));
    expect(t.text).toBe('INTERVIEWER: How old are you?\nRESPONDENT: Fourteen.\nI think.\nINTERVIEWER: Thank you.');
    expect(t).toMatchObject({ format: 'srt', keepOriginal: true });
    expect(times(t)).toEqual([
      [1000, 3200],
      [3500, 6000],
      [6100, 7000],
    ]);
    expect(t.utterances.map((u) => u.speaker)).toEqual(['INTERVIEWER', 'RESPONDENT', 'INTERVIEWER']);
    expect(tilingViolation(t.text, t.utterances)).toBeNull();
  });

  it('tolerates CRLF, a BOM, a missing final newline and cues not separated by blank lines', async () => {
    const srt = '\uFEFF1\r\n00:00:01,000 --> 00:00:02,000\r\nFirst\r\n2\r\n00:00:02,500 --> 00:00:03,000\r\nSecond\r\nline\r\n\r\n3\r\n01:00:00,000 --> 01:00:01,5\r\nThird';
    const t = value(await readTranscriptFile(utf8(srt), 'x.srt'));
    expect(slices(t.text, t.utterances)).toEqual(['First', 'Second\nline', 'Third']);
    expect(times(t)).toEqual([
      [1000, 2000],
      [2500, 3000],
      [3_600_000, 3_601_500],
    ]);
  });

  it('does not decode HTML character references, which SRT does not define', async () => {
    const t = value(await readTranscriptFile(utf8('1\n00:00:01,000 --> 00:00:02,000\nR&amp;D\n'), 'x.srt'));
    expect(t.text).toBe('R&amp;D');
  });
});

describe('transcriptFromText for subtitles', () => {
  it('parses already-decoded VTT text the same way as the file importer', async () => {
    const raw = fixtureText('interview.vtt');
    const fromFile = value(await readTranscriptFile(utf8(raw), 'interview.vtt'));
    expect(transcriptFromText(raw, 'vtt')).toEqual(fromFile);
  });
});
