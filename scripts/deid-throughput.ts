/**
 * Scan throughput on one core (issue 4 "Performance": ≥ 5 MB/s with every layer on).
 *   npx tsx scripts/deid-throughput.ts [--mb N]
 * Two corpora, each scanned in ~200 KB texts (transcript-sized pieces):
 *   1. the development set (tests/fixtures/deid-dev), repeated to N MB: realistic interview text;
 *   2. the bench's synthetic transcripts (bench/corpus.ts, seed 20261127, six languages incl. Thai),
 *      whose PII density is stated there: 17 tokens per 1,000 words (numbers 8, names 4, dates 2,
 *      phones 1, e-mails 1, URLs 1); the digit and URL densities are measured and printed.
 * Per layer: the scan with only that layer on (the tokenisation every layer shares is counted
 * in each), and with every layer on (with the example register and all 14 gazetteers).
 * MB = 10^6 bytes of UTF-8.
 */
import os from 'node:os';
import { generateTranscript } from '../bench/corpus.js';
import { clearPatternCaches } from '../shared/deid/patterns.js';
import { compileResources, scanDocuments, scanText, type ScanTextOptions } from '../shared/deid/scan.js';
import { tokenize } from '../shared/deid/tokens.js';
import { LAYERS, type Layer } from '../shared/deid/types.js';
import { loadDevRegister, loadDevSet, loadGazetteers } from './deid-dev-set.js';

const mbArg = process.argv.indexOf('--mb');
const targetMb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 8;
const enc = new TextEncoder();

const t0 = performance.now();
const resources = compileResources({ gazetteers: loadGazetteers(), register: loadDevRegister() });
const compileMs = performance.now() - t0;

interface Piece {
  text: string;
  language: string;
  country?: string;
}

function devPieces(): Piece[] {
  const docs = loadDevSet();
  const out: Piece[] = [];
  let bytes = 0;
  for (let k = 0; bytes < targetMb * 1e6; k++) {
    const d = docs[k % docs.length]!;
    // ~200 KB pieces of one language: a long transcript.
    let text = '';
    while (enc.encode(text).length < 200_000) text += d.text;
    out.push({ text, language: d.language, country: d.country });
    bytes += enc.encode(text).length;
  }
  return out;
}

function syntheticPieces(): { pieces: Piece[]; digitsPerKb: number; urlsPerKb: number; emailsPerKb: number } {
  const out: Piece[] = [];
  let bytes = 0;
  let digits = 0;
  let urls = 0;
  let emails = 0;
  for (let i = 0; bytes < targetMb * 1e6; i++) {
    const g = generateTranscript(i, { words: 30_000 });
    const b = enc.encode(g.text).length;
    bytes += b;
    digits += (g.text.match(/[0-9]/g) ?? []).length;
    urls += g.pii.url;
    emails += g.pii.email;
    out.push({ text: g.text, language: g.language === 'th' ? 'th' : g.language });
  }
  return { pieces: out, digitsPerKb: (digits / bytes) * 1000, urlsPerKb: (urls / bytes) * 1000, emailsPerKb: (emails / bytes) * 1000 };
}

/** CPU time of this process in ms (a shared machine's wall time is inflated by other processes). */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** MB/s of CPU time: the best of three passes over the pieces, after a warm-up pass. */
function timed(pieces: Piece[], run: (p: Piece) => void): number {
  const bytes = pieces.reduce((n, p) => n + enc.encode(p.text).length, 0);
  for (const p of pieces.slice(0, 3)) run(p);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    clearPatternCaches();
    const s = cpuMs();
    for (const p of pieces) run(p);
    best = Math.min(best, cpuMs() - s);
  }
  return bytes / 1e6 / (best / 1000);
}

const measure = (pieces: Piece[], opts: Omit<ScanTextOptions, 'language'>) =>
  timed(pieces, (p) => scanText(p.text, { ...opts, language: p.language, country: p.country }));
const tokenizeOnly = (pieces: Piece[]) => timed(pieces, (p) => tokenize(p.text));

const dev = devPieces();
const syn = syntheticPieces();
const rows: string[] = [];
const fmt = (x: number) => `${x.toFixed(1).padStart(6)} MB/s`;
// A yardstick for this machine: a plain regex word split and lower-casing of English text.
const yard = 'The quick brown fox jumps over the lazy dog. '.repeat(20_000);
let yardBest = Infinity;
for (let r = 0; r < 5; r++) {
  const s = cpuMs();
  let n = 0;
  for (const w of yard.match(/[A-Za-z]+/g)!) n += w.toLowerCase().length;
  if (n > 0) yardBest = Math.min(yardBest, cpuMs() - s);
}
console.log(`Node ${process.version}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores; throughput is MB of UTF-8 per second of this process's CPU time`);
console.log(`yardstick: regex word split + toLowerCase runs at ${(yard.length / 1e6 / (yardBest / 1000)).toFixed(1)} MB/s here`);
console.log(`resources compiled in ${compileMs.toFixed(0)} ms (14 gazetteers, example register)`);
console.log(`corpora: dev set repeated ${dev.length} × ~200 KB; synthetic ${syn.pieces.length} transcripts × 30,000 words`);
console.log(`synthetic density: ${syn.digitsPerKb.toFixed(1)} digits per 1,000 bytes; ${syn.urlsPerKb.toFixed(3)} URLs and ${syn.emailsPerKb.toFixed(3)} e-mails per 1,000 bytes`);
const devBytes = dev.reduce((n, p) => n + enc.encode(p.text).length, 0);
const devDigits = dev.reduce((n, p) => n + (p.text.match(/[0-9]/g) ?? []).length, 0);
console.log(`dev-set density: ${((devDigits / devBytes) * 1000).toFixed(1)} digits per 1,000 bytes`);
rows.push(`${'layer'.padEnd(22)} ${'dev set'.padStart(11)} ${'synthetic'.padStart(11)}`);
rows.push(`${'tokenise only'.padEnd(22)} ${fmt(tokenizeOnly(dev))} ${fmt(tokenizeOnly(syn.pieces))}`);
for (const layer of LAYERS) {
  const only: Layer[] = [layer];
  rows.push(`${(layer + ' only').padEnd(22)} ${fmt(measure(dev, { resources, layers: only, confirmed: layer === 'propagation' ? [{ text: 'Namubiru Joan', type: 'PERSON' }, { text: '0711 203 944', type: 'PHONE' }] : undefined }))} ${fmt(measure(syn.pieces, { resources, layers: only }))}`);
}
rows.push(`${'ALL LAYERS'.padEnd(22)} ${fmt(measure(dev, { resources }))} ${fmt(measure(syn.pieces, { resources }))}`);
console.log(rows.join('\n'));

// A project-sized run: 500 transcripts of ~8,000 words, scanned and propagated.
const docs = Array.from({ length: 500 }, (_, i) => {
  const g = generateTranscript(i);
  return { id: String(i), text: g.text, language: g.language };
});
const w0 = performance.now();
const c0 = cpuMs();
scanDocuments(docs, { resources });
console.log(`scanDocuments: 500 synthetic transcripts (${(docs.reduce((n, d) => n + enc.encode(d.text).length, 0) / 1e6).toFixed(1)} MB) scanned and propagated in ${((cpuMs() - c0) / 1000).toFixed(1)} s CPU (${((performance.now() - w0) / 1000).toFixed(1)} s wall)`);
