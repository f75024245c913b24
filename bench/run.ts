/**
 * `npm run bench`: runs the registered measures at the issue's scales (or a subset, see --help),
 * prints a table with every figure, the count processed, the Node version and the core count,
 * each budget and whether it was met, and writes the same to bench/output/results.json.
 * Budgets are reported, not asserted: the exit code is 1 only when a measure could not run
 * (or, with --strict, when a budget was missed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { KDF_FLOOR } from '../electron/backend/vault/kdf.js';
import { loadSodium } from '../electron/backend/vault/sodium.js';
import { Bench, type Settings } from './bench.js';
import { DEFAULT_SEED, DEFAULT_WORDS } from './corpus.js';
import { environment, table } from './harness.js';
import { MEASURES } from './measures/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_TXT = 500;
export const DEFAULT_DOCX = 100;

const HELP = `usage: npm run bench -- [options]

  --only a,b      run only these measures (repeatable)
  --skip a,b      run all but these
  --scale N       transcripts for every selected measure (sets --txt and --docx)
  --txt N         .txt transcripts (default ${DEFAULT_TXT})
  --docx N        .docx transcripts (default ${DEFAULT_DOCX})
  --words N       words per transcript (default ${DEFAULT_WORDS})
  --seed N        corpus seed (default ${DEFAULT_SEED})
  --out FILE      results JSON (default bench/output/results.json)
  --keep          keep the temp folder (corpus and projects) and print its path
  --strict        exit 1 when a budget is missed
  --list          list the measures and exit

measures:
${MEASURES.map((m) => `  ${m.name.padEnd(12)} ${m.title}`).join('\n')}
`;

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive whole number (got "${v}")`);
  return n;
}

const names = (xs: string[] | undefined) => (xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      skip: { type: 'string', multiple: true },
      scale: { type: 'string' },
      txt: { type: 'string' },
      docx: { type: 'string' },
      words: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
      strict: { type: 'boolean' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || values.list) {
    process.stdout.write(HELP);
    return 0;
  }
  const only = names(values.only);
  const skip = names(values.skip);
  for (const n of [...only, ...skip]) if (!MEASURES.some((m) => m.name === n)) throw new Error(`no measure named "${n}" (known: ${MEASURES.map((m) => m.name).join(', ')})`);
  const selected = MEASURES.filter((m) => (only.length ? only.includes(m.name) : true) && !skip.includes(m.name));
  const scale = values.scale === undefined ? undefined : positiveInt('scale', values.scale, 0);
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed takes a whole number (got "${values.seed}")`);
  const settings: Settings = {
    seed,
    words: positiveInt('words', values.words, DEFAULT_WORDS),
    txt: positiveInt('txt', values.txt, scale ?? DEFAULT_TXT),
    docx: positiveInt('docx', values.docx, scale ?? DEFAULT_DOCX),
    projectKdf: { ...KDF_FLOOR },
  };
  const out = resolve(values.out ?? resolve(HERE, 'output/results.json'));

  const sodium = await loadSodium();
  const env = { ...environment(), sqlite: (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v, libsodium: sodium.sodium_version_string() };
  const started = new Date();
  const t0 = performance.now();
  const log = (line: string) => process.stderr.write(`  ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${line}\n`);
  const bench = new Bench(settings, env, log);
  const kdfText = `ops ${settings.projectKdf.opsLimit}, ${settings.projectKdf.memLimit / 2 ** 20} MiB (the floor; createBackend({ kdf }))`;

  process.stdout.write(
    [
      `Tandai bench, ${started.toISOString()}`,
      `  Node ${env.node}, ${env.cores} cores (${env.cpu}), ${env.platform}, ${env.memGiB} GiB, load average ${env.loadAvg1m}; SQLite ${env.sqlite}, libsodium ${env.libsodium}`,
      `  corpus: seed ${settings.seed}, ${settings.words} words per transcript, ${settings.txt} .txt, ${settings.docx} .docx; languages en id fil sw th vi`,
      `  projects created with KDF ${kdfText}`,
      `  measures: ${selected.map((m) => m.name).join(', ')}`,
      '',
    ].join('\n') + '\n',
  );

  const failures: { measure: string; message: string }[] = [];
  try {
    for (const m of selected) {
      bench.current = m.name;
      log(`${m.name}: ${m.title}`);
      try {
        await m.run(bench);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        failures.push({ measure: m.name, message });
        log(`${m.name}: FAILED: ${message}`);
        if (process.env.TANDAI_DEBUG === '1') console.error(e);
      }
    }
  } finally {
    bench.close(!!values.keep);
  }
  const wallSeconds = (performance.now() - t0) / 1000;

  process.stdout.write('\n' + table(bench.figures) + '\n');
  const missed = bench.figures.filter((f) => f.budget && !f.budget.met);
  const judged = bench.figures.filter((f) => f.budget);
  process.stdout.write(`\nBudgets: ${judged.length - missed.length} of ${judged.length} met${missed.length ? ` (missed: ${missed.map((f) => `${f.measure} / ${f.metric.trim()}`).join('; ')})` : ''}.\n`);
  if (failures.length) process.stdout.write(`Failed measures: ${failures.map((f) => `${f.measure} (${f.message})`).join('; ')}\n`);
  process.stdout.write(`Wall time ${wallSeconds.toFixed(1)} s.${values.keep ? ` Temp folder kept: ${bench.root}` : ''}\n`);

  mkdirSync(dirname(out), { recursive: true });
  const results = {
    tool: 'tandai-bench',
    format: 1,
    startedAt: started.toISOString(),
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    env,
    settings: { ...settings, projectKdfNote: kdfText, measures: selected.map((m) => m.name) },
    corpus: bench.corpusReport(),
    figures: bench.figures,
    failures,
  };
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`Results: ${out}\n`);
  return failures.length || (values.strict && missed.length) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
