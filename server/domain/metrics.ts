// Pure statistics for the staffing reports: shares, percentiles and the Gini coefficient.

/** numerator / denominator, or null when the denominator is 0 (docs/api.md: shares are null then). */
export function share(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** The p-th percentile (0–100) by linear interpolation between closest ranks; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

/**
 * The Gini coefficient of non-negative values: 0 when all are equal, approaching 1 when one value
 * holds everything. G = Σi Σj |xi − xj| / (2 n² mean), computed in O(n log n) on sorted values.
 */
export function gini(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((s, v) => s + v, 0);
  if (total === 0) return 0;
  // Σi Σj |xi − xj| = 2 Σi (2i − n + 1) x(i) for 0-based sorted ranks.
  let weighted = 0;
  sorted.forEach((v, i) => {
    weighted += (2 * i - n + 1) * v;
  });
  return (2 * weighted) / (2 * n * total);
}
