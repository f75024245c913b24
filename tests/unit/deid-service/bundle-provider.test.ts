/**
 * De-identification in sealed bundles (services/deid/bundle.ts, registered by the backend): a
 * coder's decisions in force and pseudonym map travel inside the seal, with their originals, so the
 * lead's merge can union them; the participant register (here, its note) never travels. Read back
 * with the lead's key through the bundle reader itself (real files, real seal).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Keystore } from '../../../electron/backend/identity/keystore.js';
import { readBundle } from '../../../electron/backend/services/bundles.js';
import { openProjectFile } from '../../../electron/backend/services/project-file.js';
import { PASS, tempDir } from '../helpers/backend.js';
import { closeAll, sendBundle, team } from '../team/helpers.js';

const NAME = `Wanjiru${Math.random().toString(36).slice(2, 7)}`;
const NOTE = `registernote${Math.random().toString(36).slice(2, 8)}`;

describe('de-identification decisions and pseudonyms in a bundle', () => {
  it('carries the decisions in force and the pseudonym map, with originals, and never the register', async () => {
    const tm = await team(['Amina']);
    try {
      const amina = tm.coders[0]!;
      const dir = tempDir('tandai-deid-bundle-');
      const file = join(dir, 'extra.txt');
      writeFileSync(file, `Interviewer: Who helped?\nRespondent: ${NAME} from the clinic helped us.\n`);
      const { results } = await amina.t.call('transcripts.import', { paths: [file] });
      expect(results[0]!.status).toBe('imported');
      const csv = join(dir, 'register.csv');
      writeFileSync(csv, `kind,value,aliases,note\nperson,${NAME},,${NOTE}\n`);
      await amina.t.call('register.import', { path: csv });
      await amina.t.call('deid.scan', {});
      const q = await amina.t.call('deid.queue', { status: 'all', limit: 1000 });
      const entity = q.entities.find((e) => e.value === NAME)!;
      const decided = await amina.t.call('deid.decide', { entityId: entity.id, action: 'replace' });

      const sent = await sendBundle(amina, tm.lead, 'deid.tandai-bundle');
      expect(sent.counts.deidDecisions).toBeGreaterThanOrEqual(1);
      expect(sent.counts.pseudonyms).toBeGreaterThanOrEqual(2); // the entity's and the participants' own

      // Open it as the lead, with the bundle reader.
      tm.lead.t.backend.close();
      const ks = new Keystore(join(tm.lead.t.dir, 'home'));
      const me = ks.unlock(PASS);
      const lead = openProjectFile(tm.lead.projectPath, { kind: 'identity', identity: me }, me);
      try {
        const b = readBundle(lead, me, sent.out);
        expect(b.deid.decisions).toContainEqual(expect.objectContaining({ id: decided.decision.id, entityType: 'PERSON', original: NAME, action: 'pseudonymise', replacement: decided.replacement }));
        expect(b.deid.pseudonyms).toContainEqual(expect.objectContaining({ entityType: 'PERSON', original: NAME, pseudonym: decided.replacement }));
        expect(b.deid.pseudonyms.filter((s) => /^\[Participant \d+\]$/.test(s.pseudonym)).length).toBeGreaterThanOrEqual(1);
        expect(JSON.stringify(b)).not.toContain(NOTE);
      } finally {
        lead.close();
      }
    } finally {
      closeAll(tm);
    }
  }, 120_000);
});
