/** What every measure shares: figures, budgets, the environment, timing helpers and the table. */
import { cpus, availableParallelism, totalmem, platform, arch, loadavg } from 'node:os';

export interface Env {
  node: string;
  cores: number;
  cpu: string;
  platform: string;
  memGiB: number;
  /** 1-minute load average when the run started: other work on the machine slows every figure. */
  loadAvg1m: number;
  sqlite?: string;
  libsodium?: string;
}

export function environment(): Env {
  return {
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    platform: `${platform()} ${arch()}`,
    memGiB: Math.round(totalmem() / 2 ** 30),
    loadAvg1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export interface Budget {
  /** As the issue states it, with the scaling applied, e.g. "<= 5 s" or "<= 0.5 s (5 s at 500, scaled)". */
  text: string;
  op: '<=' | '>=';
  limit: number;
  met: boolean;
}

export interface Figure {
  measure: string;
  metric: string;
  value: number;
  unit: string;
  /**
   * For timings: this process's CPU time (user + system) over the same span, in `unit`. Other work
   * on a shared machine inflates wall time but hardly CPU time, so a large gap means a busy machine.
   */
  cpu?: number;
  /** How much was processed for this figure, e.g. 500 transcripts, 3 runs (median). */
  count: number;
  of: string;
  budget?: Budget;
  note?: string;
  node: string;
  cores: number;
}

export type FigureInput = Omit<Figure, 'measure' | 'node' | 'cores' | 'budget'> & {
  budget?: { op: '<=' | '>='; limit: number; text?: string };
};

export function judge(value: number, b: { op: '<=' | '>='; limit: number; text?: string }, unit: string): Budget {
  return { op: b.op, limit: b.limit, text: b.text ?? `${b.op} ${fmt(b.limit)} ${unit}`, met: b.op === '<=' ? value <= b.limit : value >= b.limit };
}

/**
 * A throughput budget stated at the scale, scaled linearly to the count run, so a
 * `--scale 50` run is judged against a tenth of the time. Ratio budgets are never scaled.
 */
export function scaledBudget(limit: number, atCount: number, count: number, unit: string): { op: '<='; limit: number; text: string } {
  if (count === atCount) return { op: '<=', limit, text: `<= ${fmt(limit)} ${unit}` };
  const scaled = (limit * count) / atCount;
  return { op: '<=', limit: scaled, text: `<= ${fmt(scaled)} ${unit} (${fmt(limit)} ${unit} at ${atCount}, scaled)` };
}

export interface Timed<T> {
  value: T;
  /** Wall time. */
  ms: number;
  /** This process's CPU time (user + system), all threads. */
  cpuMs: number;
}

export async function timed<T>(fn: () => T | Promise<T>): Promise<Timed<T>> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const MB = 1024 * 1024;

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e15) return v.toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

export function table(figures: Figure[]): string {
  const head = ['measure', 'metric', 'value', 'cpu', 'unit', 'processed', 'budget', 'met', 'node', 'cores'];
  const rows = figures.map((f) => [
    f.measure,
    f.metric,
    fmt(f.value),
    f.cpu === undefined ? '' : fmt(f.cpu),
    f.unit,
    `${fmt(f.count)} ${f.of}`,
    f.budget?.text ?? '',
    f.budget ? (f.budget.met ? 'yes' : 'NO') : '',
    f.node,
    String(f.cores),
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([2, 3]);
  const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join('  ').trimEnd();
  const out = [line(head), width.map((w) => '-'.repeat(w)).join('  ')];
  let last = '';
  for (let i = 0; i < rows.length; i++) {
    if (last && figures[i]!.measure !== last) out.push('');
    last = figures[i]!.measure;
    out.push(line(rows[i]!));
  }
  const notes = figures.filter((f) => f.note).map((f) => `  ${f.measure} / ${f.metric}: ${f.note}`);
  return out.join('\n') + (notes.length ? `\n\nNotes:\n${notes.join('\n')}` : '');
}
