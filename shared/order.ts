/**
 * `rows` in the order of `cmp`: as they are when already in that order (the common case for rows
 * read in key order), else sorted in place. One pass to check costs far less than a sort of a list
 * that is nearly always in order already.
 */
export function inOrder<T>(rows: T[], cmp: (a: T, b: T) => number): T[] {
  for (let i = 1; i < rows.length; i++) if (cmp(rows[i - 1]!, rows[i]!) > 0) return rows.sort(cmp);
  return rows;
}
