import { describe, expect, it } from 'vitest';
import { newSignedOffProject } from '../helpers/signed-off-project.js';

describe('smoke', () => {
  it('builds a signed-off project', async () => {
    const s = await newSignedOffProject();
    const st = await s.t.call('deid.status', {});
    console.log(JSON.stringify(st, null, 1));
    const prev = await s.t.call('deid.preview', { transcriptId: s.transcriptId });
    console.log(prev.text, prev.title, prev.participantLabel, prev.attributes);
    const chk = await s.t.call('deid.check', { purpose: 'sharing' });
    console.log(chk);
    expect(chk.ok).toBe(true);
    s.close();
  }, 60000);
});
