/**
 * Scores the de-identification scan on the development set: recall and precision overall and per
 * type, with and without the register, on the tuning two thirds and the held-out third apart.
 *   npx tsx scripts/deid-score.ts            # tables
 *   npx tsx scripts/deid-score.ts --errors   # also the missed and spurious tokens of the TUNING set
 *   npx tsx scripts/deid-score.ts --json
 * (Errors are never printed for the held-out third: it is not for tuning.)
 */
import { compileResources, scanDocuments, type CompiledResources } from '../shared/deid/scan.js';
import { scoreDocuments, type Score } from '../shared/deid/score.js';
import { ENTITY_TYPES } from '../shared/deid/types.js';
import { loadDevRegister, loadDevSet, loadGazetteers, registerEntitiesFound, splitDevSet, type DevDocument } from './deid-dev-set.js';

const args = new Set(process.argv.slice(2));
const docs = loadDevSet();
const { tune, heldOut } = splitDevSet(docs);
const gazetteers = loadGazetteers();
const register = loadDevRegister();
const withoutRegister = compileResources({ gazetteers });
const withRegister = compileResources({ gazetteers, register });

function run(set: DevDocument[], resources: CompiledResources): Score {
  const found = scanDocuments(
    set.map((d) => ({ id: d.id, text: d.text, language: d.language, country: d.country })),
    { resources },
  );
  return scoreDocuments(set.map((d) => ({ id: d.id, language: d.language, text: d.text, gold: d.spans, predicted: found[d.id]! })));
}

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
function table(title: string, s: Score): string {
  const lines = [`${title}`, `  ${'type'.padEnd(13)} ${'gold tok'.padStart(8)} ${'recall'.padStart(6)} ${'pred tok'.padStart(8)} ${'prec'.padStart(6)}`];
  lines.push(`  ${'ALL'.padEnd(13)} ${String(s.goldTokens).padStart(8)} ${pct(s.recall)}% ${String(s.predictedTokens).padStart(8)} ${pct(s.precision)}%`);
  for (const t of ENTITY_TYPES) {
    const p = s.perType[t];
    if (!p) continue;
    lines.push(`  ${t.padEnd(13)} ${String(p.goldTokens).padStart(8)} ${p.goldTokens ? pct(p.recall) + '%' : '     - '} ${String(p.predictedTokens).padStart(8)} ${p.predictedTokens ? pct(p.precision) + '%' : '    -'}`);
  }
  return lines.join('\n');
}

const results = {
  tune: { withoutRegister: run(tune, withoutRegister), withRegister: run(tune, withRegister), register: registerEntitiesFound(tune, register, withRegister) },
  heldOut: { withoutRegister: run(heldOut, withoutRegister), withRegister: run(heldOut, withRegister), register: registerEntitiesFound(heldOut, register, withRegister) },
};

if (args.has('--json')) {
  const strip = (s: Score) => ({ ...s, missed: s.missed.length, spurious: s.spurious.length });
  console.log(JSON.stringify({
    split: { tune: tune.map((d) => d.id), heldOut: heldOut.map((d) => d.id) },
    gazetteers: gazetteers.map((g) => ({ country: g.country, entries: g.entries.length })),
    tune: { withoutRegister: strip(results.tune.withoutRegister), withRegister: strip(results.tune.withRegister), register: results.tune.register },
    heldOut: { withoutRegister: strip(results.heldOut.withoutRegister), withRegister: strip(results.heldOut.withRegister), register: results.heldOut.register },
  }, null, 2));
} else {
  console.log(`dev set: ${docs.length} documents; tune ${tune.length}, held out ${heldOut.length}; gazetteers: ${gazetteers.length} countries`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`\n=== ${name === 'tune' ? 'TUNING two thirds' : 'HELD-OUT third'} ===`);
    console.log(table('without register', r.withoutRegister));
    console.log(table('with register', r.withRegister));
    console.log(`register entities found: ${r.register.found}/${r.register.occurring}${r.register.missing.length ? '  missing: ' + r.register.missing.join('; ') : ''}`);
  }
  if (args.has('--errors')) {
    const s = results.tune.withoutRegister;
    const ctx = (id: string, start: number) => {
      const d = tune.find((x) => x.id === id)!;
      return d.text.slice(Math.max(0, start - 30), start + 30).replace(/\n/g, '⏎');
    };
    console.log('\n--- missed (tuning set, no register) ---');
    for (const m of s.missed) console.log(`${m.id} ${m.type} ${m.token}   | ${ctx(m.id, m.start)}`);
    console.log('\n--- spurious (tuning set, no register) ---');
    for (const m of s.spurious) console.log(`${m.id} ${m.type} ${m.token}   | ${ctx(m.id, m.start)}`);
  }
}
