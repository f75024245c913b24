/**
 * shell.chooseSavePath is answered by Electron's main process, which carries no zod: its hand-written
 * check must accept and refuse exactly what the contract's schema does.
 */
import { describe, expect, it } from 'vitest';
import { SAVE_PATH_CHANNEL as CONTRACT_CHANNEL, SavePathQuestion } from '../../../shared/contract/channels/shell.js';
import { channelNames } from '../../../shared/contract/channels.js';
import { readSaveQuestion, SAVE_PATH_CHANNEL } from '../../../electron/main/save-dialog.js';
import { testBackend } from '../helpers/backend.js';

const samples: unknown[] = [
  { suggested: '/home/ayu/study.qdpx', filterName: 'REFI-QDA project', extensions: ['qdpx'] },
  { suggested: 'C:\\Users\\ayu\\codebook.docx', filterName: '  Word document ', extensions: ['docx'] },
  { suggested: '/a', filterName: 'x', extensions: ['csv', 'txt', 'tsv', 'xlsx'] },
  { suggested: '', filterName: 'x', extensions: ['csv'] },
  { suggested: 'x'.repeat(4097), filterName: 'x', extensions: ['csv'] },
  { suggested: '/a.csv', filterName: '   ', extensions: ['csv'] },
  { suggested: '/a.csv', filterName: 'y'.repeat(81), extensions: ['csv'] },
  { suggested: '/a.csv', filterName: 'x', extensions: [] },
  { suggested: '/a.csv', filterName: 'x', extensions: ['a', 'b', 'c', 'd', 'e'] },
  { suggested: '/a.csv', filterName: 'x', extensions: ['.csv'] },
  { suggested: '/a.csv', filterName: 'x', extensions: ['CSV'] },
  { suggested: '/a.csv', filterName: 'x', extensions: ['abcdefghijklmnopqrstu'] },
  { suggested: '/me/work.tandai-bundle', filterName: 'Tandai bundle', extensions: ['tandai-bundle'] },
  { suggested: '/a.csv', filterName: 'x', extensions: ['-csv'] },
  { suggested: '/a.csv', filterName: 'x', extensions: [3] },
  { suggested: 7, filterName: 'x', extensions: ['csv'] },
  { filterName: 'x', extensions: ['csv'] },
  null,
  'shell',
];

describe('the save question, checked in main without zod', () => {
  it('is the contract channel of that name', () => {
    expect(SAVE_PATH_CHANNEL).toBe(CONTRACT_CHANNEL);
    expect(channelNames).toContain(SAVE_PATH_CHANNEL);
  });

  it.each(samples.map((s, i) => [i, s]))('sample %i: main accepts it exactly when the contract schema does, with the same value', (_i, sample) => {
    const zod = SavePathQuestion.safeParse(sample);
    const main = readSaveQuestion(sample);
    expect(typeof main !== 'string').toBe(zod.success);
    if (zod.success) expect(main).toEqual(zod.data);
  });

  it('the backend, which has no window, answers UNAVAILABLE and names the way around it', async () => {
    const t = await testBackend();
    const r = await t.backend.route('shell.chooseSavePath', { suggested: '/a.qdpx', filterName: 'REFI-QDA project', extensions: ['qdpx'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(!r.ok && r.error.message).toMatch(/type the path/);
  });
});
