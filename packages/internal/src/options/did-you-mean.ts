/** Levenshtein distance, small inputs only (option, directive and keyword names). */
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

/** Case, `-` and `_` never count as a difference: `base_path`, `BasePath` and `basePath` match. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/**
 * The closest known name to `input`, or undefined when nothing is close (more than a third of
 * the name, and at least two edits, away). Case, `-` and `_` are ignored.
 *
 * @example
 * ```ts
 * closest('scriptsrc', ['scriptSrc', 'styleSrc']); // 'scriptSrc'
 * closest('zzz', ['scriptSrc']); // undefined
 * ```
 */
export function closest(input: string, known: Iterable<string>): string | undefined {
  const needle = normalise(input);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(needle, normalise(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/**
 * `did you mean "x"? ` (with the trailing space, ready to prefix a fix sentence) or an empty
 * string when no known name is close.
 *
 * @example
 * ```ts
 * `${didYouMean('basepath', ['basePath', 'baseURL'])}See docs/configuration.md.`;
 * // 'did you mean "basePath"? See docs/configuration.md.'
 * ```
 */
export function didYouMean(input: string, known: Iterable<string>): string {
  const match = closest(input, known);
  return match === undefined ? '' : `did you mean ${JSON.stringify(match)}? `;
}
