/** Strings longer than this get no "did you mean": the distance costs the product of the lengths. */
const LONGEST_COMPARED = 256;

/**
 * Edit distance, for "did you mean" hints. Names, label values and ports are short; a string
 * from the input may not be, so beyond LONGEST_COMPARED characters the distance is taken as the
 * longer length (no hint), in constant time.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > LONGEST_COMPARED || b.length > LONGEST_COMPARED) return Math.max(a.length, b.length);
  // One row of the table, updated in place: row[j] is the distance from a's first i characters to b's first j.
  const row = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const substitution = diagonal + (code === b.charCodeAt(j - 1) ? 0 : 1);
      diagonal = above;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, substitution);
    }
  }
  return row[b.length] as number;
}

/** The candidate closest to `target`, if it is close enough to be a plausible typo. */
export function nearestString(target: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // Case differences are typos too (contAINers); they count like any other edit, but once.
    const distance = editDistance(target.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && isPlausibleTypo(target, best, bestDistance) ? best : undefined;
}

/**
 * Two names are worth a "did you mean" when they share more than they differ, or one is a whole
 * word of the other (`shop` and `shop-backend`, not `image` and `imageformat`).
 */
export function isPlausibleTypo(a: string, b: string, distance = editDistance(a.toLowerCase(), b.toLowerCase())): boolean {
  if (a === '' || b === '') return false;
  const words = (name: string) => name.toLowerCase().split(/[-_./]/);
  return distance <= Math.max(2, Math.floor(Math.max(a.length, b.length) / 2)) || words(a).includes(b.toLowerCase()) || words(b).includes(a.toLowerCase());
}

/** `app: web, tier: front` — labels and selectors as a person reads them in YAML. */
export function formatLabels(labels: Iterable<readonly [string, string]>): string {
  return [...labels].map(([key, value]) => `${key}: ${value}`).join(', ');
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** "a", "a and b", "a, b and c". */
export function listInProse(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
