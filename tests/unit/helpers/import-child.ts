// Child process for the "killed mid-import" test: opens a project and imports a folder, printing
// one line per finished file so the parent knows when to kill it.
import { createBackend } from '../../../electron/backend/backend.js';
import { KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';

const [home, path, passphrase, dir] = process.argv.slice(2) as [string, string, string, string];
const backend = await createBackend({ home, kdf: KDF_FLOOR });
const opened = await backend.route('project.open', { path, passphrase });
if (!opened.ok) throw new Error(opened.error.message);
await backend.route('transcripts.import', { paths: [dir] }, (event) => {
  if (event === 'progress') process.stdout.write('progress\n');
});
