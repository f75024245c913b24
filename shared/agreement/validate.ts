import { LEVELS, type Cell, type Level, type Matrix, type WeightedMatrix } from './types.js';

// Input checks shared by every statistic. Messages name the function, the position and the rule;
// they never repeat a string value (a category label could be anything a user typed).

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'number' ? String(x) : `a ${typeof x}`;
}

export function checkLevel(fn: string, level: unknown): Level {
  if (typeof level === 'string' && (LEVELS as readonly string[]).includes(level)) return level as Level;
  throw new TypeError(`${fn}: level must be one of ${LEVELS.join(', ')}, got ${describe(level)}`);
}

/** A value is a finite number, or (nominal only) a string; ratio values are ≥ 0. */
export function checkCell(fn: string, where: string, cell: unknown, level: Level): asserts cell is Cell {
  if (cell === null) return;
  if (cell === undefined) throw new TypeError(`${fn}: ${where} is undefined; use null for a missing value`);
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new TypeError(`${fn}: ${where} is ${cell}; numbers must be finite`);
    if (level === 'ratio' && cell < 0) throw new TypeError(`${fn}: ${where} is ${cell}; the ratio level needs values ≥ 0`);
    return;
  }
  if (typeof cell === 'string') {
    if (level !== 'nominal') throw new TypeError(`${fn}: ${where} is a string; the ${level} level needs finite numbers`);
    return;
  }
  throw new TypeError(`${fn}: ${where} is ${describe(cell)}; values must be strings or numbers (null where missing)`);
}

/** Checks the shape and every cell; returns the number of coders (0 for a matrix with no units). */
export function checkMatrix(fn: string, matrix: unknown, level: Level): number {
  if (!Array.isArray(matrix)) throw new TypeError(`${fn}: matrix must be an array of units (matrix[unit][coder]), got ${describe(matrix)}`);
  let coders = -1;
  for (let u = 0; u < matrix.length; u++) {
    const row: unknown = matrix[u];
    if (!Array.isArray(row)) throw new TypeError(`${fn}: matrix[${u}] must be an array with one cell per coder, got ${describe(row)}`);
    if (coders === -1) coders = row.length;
    else if (row.length !== coders) {
      throw new TypeError(`${fn}: matrix[${u}] has ${row.length} cells but matrix[0] has ${coders}; every unit needs one cell per coder (null where missing)`);
    }
    for (let c = 0; c < row.length; c++) checkCell(fn, `matrix[${u}][${c}]`, row[c], level);
  }
  if (coders !== -1 && coders < 2) throw new TypeError(`${fn}: needs at least 2 coders, got ${coders}`);
  return Math.max(coders, 0);
}

/** Checks a weighted matrix: the matrix itself, and one non-negative integer weight per row. */
export function checkWeighted(fn: string, data: unknown, level: Level): number {
  if (typeof data !== 'object' || data === null) throw new TypeError(`${fn}: expected { rows, weights }, got ${describe(data)}`);
  const { rows, weights } = data as Partial<WeightedMatrix>;
  const coders = checkMatrix(fn, rows, level);
  if (!Array.isArray(weights)) throw new TypeError(`${fn}: weights must be an array, got ${describe(weights)}`);
  const n = (rows as Matrix).length;
  if (weights.length !== n) throw new TypeError(`${fn}: ${weights.length} weights for ${n} rows; give one weight per row`);
  for (let u = 0; u < n; u++) {
    const w: unknown = weights[u];
    if (typeof w !== 'number' || !Number.isSafeInteger(w) || w < 0) {
      throw new TypeError(`${fn}: weights[${u}] is ${describe(w)}; a weight counts units, so it must be an integer ≥ 0`);
    }
  }
  return coders;
}

/** Two equal-length rating vectors (Cohen's kappa). */
export function checkPair(fn: string, a: unknown, b: unknown): asserts a is readonly Cell[] {
  if (!Array.isArray(a) || !Array.isArray(b)) throw new TypeError(`${fn}: a and b must be arrays, got ${describe(a)} and ${describe(b)}`);
  if (a.length !== b.length) throw new TypeError(`${fn}: a has ${a.length} values and b has ${b.length}; they must be the same length (null where missing)`);
  for (let u = 0; u < a.length; u++) {
    checkCell(fn, `a[${u}]`, a[u], 'nominal');
    checkCell(fn, `b[${u}]`, b[u], 'nominal');
  }
}
