/** The Exchange screen's pure helpers: suggested output paths, extensions that follow the kind, and the scope a kind sends to the gate. */
import { describe, expect, it } from 'vitest';
import { EXPORT_KINDS, baseName, extensionOf, scopeOf, suggestedPath, withKindExtension } from '../../../renderer/src/features/exchange/model.js';

describe('the export kinds offered', () => {
  it('are exactly the contract\'s ExportKind values, each with its own extension', async () => {
    const { ExportKind } = await import('../../../shared/contract/channels/exports.js');
    expect([...EXPORT_KINDS].sort()).toEqual([...ExportKind.options].sort());
    expect(EXPORT_KINDS.map(extensionOf)).toEqual(['.qdpx', '.qdc', '.docx', '.html', '.csv', '.xlsx']);
  });
});

describe('suggestedPath', () => {
  it('puts the file beside the project, named after the project and what it holds', () => {
    expect(suggestedPath('/home/ayu/studies/pilot.tandai', 'Pilot study', 'qdpx')).toBe('/home/ayu/studies/pilot-study-project.qdpx');
    expect(suggestedPath('C:\\Users\\ayu\\pilot.tandai', 'Studi Anak & Remaja', 'codebook-docx')).toBe('C:\\Users\\ayu\\studi-anak-remaja-codebook.docx');
    expect(suggestedPath('/p/x.tandai', 'Kajian Café', 'segments-xlsx')).toBe('/p/kajian-cafe-coded-segments.xlsx');
  });

  it('falls back to a plain name when the project name has no letters or digits to use', () => {
    expect(suggestedPath('/p/x.tandai', '—', 'qdc')).toBe('/p/tandai-codebook.qdc');
  });
});

describe('withKindExtension', () => {
  it('swaps one of the export extensions for the new kind\'s, in any case', () => {
    expect(withKindExtension('/out/study.qdpx', 'codebook-html')).toBe('/out/study.html');
    expect(withKindExtension('/out/STUDY.DOCX', 'qdc')).toBe('/out/STUDY.qdc');
  });

  it('leaves a path with some other extension, or none, as it was typed', () => {
    expect(withKindExtension('/out/study.txt', 'qdpx')).toBe('/out/study.txt');
    expect(withKindExtension('/out/study', 'qdpx')).toBe('/out/study');
    expect(withKindExtension('', 'qdpx')).toBe('');
  });
});

describe('scopeOf (what the gate is asked about, as the export will ask)', () => {
  it('is empty for a codebook file, which carries no transcript', () => {
    expect(scopeOf('qdc', null)).toEqual([]);
    expect(scopeOf('qdc', ['a'])).toEqual([]);
  });

  it('is the whole project when no subset is chosen, else the chosen transcripts', () => {
    expect(scopeOf('qdpx', null)).toBeUndefined();
    expect(scopeOf('qdpx', [])).toBeUndefined();
    expect(scopeOf('segments-csv', ['a', 'b'])).toEqual(['a', 'b']);
  });
});

it('baseName takes the last part of a POSIX or Windows path', () => {
  expect(baseName('/a/b/c.qdpx')).toBe('c.qdpx');
  expect(baseName('C:\\a\\c.docx')).toBe('c.docx');
  expect(baseName('c.html')).toBe('c.html');
});
