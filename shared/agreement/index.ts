// Intercoder agreement statistics: pure functions over a reliability matrix (matrix[unit][coder],
// null where missing). Each returns a number, or NaN where the statistic is undefined. The
// interval-based, weighted computation the app uses per code lives in ./intervals.ts.
export { percentAgreement } from './percent.js';
export { cohenKappa } from './cohen.js';
export { fleissKappa } from './fleiss.js';
export { krippendorffAlpha } from './krippendorff.js';
export type { Cell, Level, Matrix, Value } from './types.js';
export type { PercentDefinition, PercentOptions } from './percent.js';
