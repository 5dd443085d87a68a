/** Levenshtein distance, small inputs only (option and directive names). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The closest known name to `input`, or undefined when nothing is close. Used to turn
 * "unknown directive scriptsrc" into "did you mean scriptSrc?".
 */
export function closest(input: string, known: Iterable<string>): string | undefined {
  const needle = input.toLowerCase().replace(/[-_]/g, '');
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(needle, candidate.toLowerCase().replace(/[-_]/g, ''));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `Did you mean "x"? ` or an empty string. */
export function didYouMean(input: string, known: Iterable<string>): string {
  const match = closest(input, known);
  return match === undefined ? '' : `did you mean ${JSON.stringify(match)}? `;
}
