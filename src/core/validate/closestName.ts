// "Did you mean" suggestions for misspelt field names and enum values.

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The candidate closest to `name` (case-insensitively equal, or within a third of its length in edits). */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    // "Balancer" → "LoadBalancer": a dropped prefix or suffix is a common slip that edit distance overprices.
    if (name.length >= 4 && c.toLowerCase() !== lower && c.toLowerCase().includes(lower) && bestScore > 1) {
      best = c;
      bestScore = 1;
      continue;
    }
    const score = c.toLowerCase() === lower ? 0 : distance(lower, c.toLowerCase());
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}
