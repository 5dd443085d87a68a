import { didYouMean, rejectUnknownKeys } from '@mana/internal';
import { fail } from '../errors.js';

const HEADER = 'Strict-Transport-Security';
const ONE_YEAR = 31_536_000;

/**
 * Strict-Transport-Security as an object. In options it is merged into the preset's value, so
 * `{ omitOnPlainHttpLocalhost: true }` keeps the preset's max-age and flags.
 *
 * @example
 * ```ts
 * const hsts: StrictTransportSecurityOptions = {
 *   maxAge: 63_072_000, // two years, in seconds
 *   includeSubDomains: true,
 *   preload: true,
 *   omitOnPlainHttpLocalhost: true,
 * };
 * ```
 */
export interface StrictTransportSecurityOptions {
  /** Seconds browsers remember to use HTTPS only. `preload` needs at least 31536000 (one year). */
  maxAge?: number;
  /** Also cover every subdomain. */
  includeSubDomains?: boolean;
  /** Consent to inclusion in browsers' preload lists (hstspreload.org); needs includeSubDomains. */
  preload?: boolean;
  /**
   * Leave the header out of plain-HTTP responses to `localhost`, `*.localhost`, `127.0.0.0/8` and
   * `[::1]`, so local development over HTTP never pins a loopback host name to HTTPS.
   */
  omitOnPlainHttpLocalhost?: boolean;
}

/** A validated HSTS policy. */
export interface ResolvedHsts {
  maxAge: number;
  includeSubDomains: boolean;
  preload: boolean;
  omitOnPlainHttpLocalhost: boolean;
}

const KEYS = ['maxAge', 'includeSubDomains', 'preload', 'omitOnPlainHttpLocalhost'];

function parseHsts(value: string): ResolvedHsts {
  const result: ResolvedHsts = {
    maxAge: -1,
    includeSubDomains: false,
    preload: false,
    omitOnPlainHttpLocalhost: false,
  };
  const seen = new Set<string>();
  for (const part of value.split(';')) {
    const directive = part.trim();
    if (directive === '') continue;
    const [rawName = '', ...rest] = directive.split('=');
    const name = rawName.trim().toLowerCase();
    if (seen.has(name)) {
      fail({
        code: 'HSTS_UNKNOWN_DIRECTIVE',
        header: HEADER,
        value,
        problem: `repeats ${name}`,
        fix: `write ${name} once.`,
      });
    }
    seen.add(name);
    if (name === 'max-age')
      result.maxAge = parseMaxAge(
        rest
          .join('=')
          .trim()
          .replace(/^"(.*)"$/, '$1'),
        value,
      );
    else if (name === 'includesubdomains' && rest.length === 0) result.includeSubDomains = true;
    else if (name === 'preload' && rest.length === 0) result.preload = true;
    else {
      fail({
        code: 'HSTS_UNKNOWN_DIRECTIVE',
        header: HEADER,
        value,
        problem: `has an unknown directive ${JSON.stringify(directive)}`,
        fix: `${didYouMean(rawName.trim(), ['max-age', 'includeSubDomains', 'preload'])}Write e.g. "max-age=31536000; includeSubDomains".`,
      });
    }
  }
  if (result.maxAge < 0) {
    fail({
      code: 'HSTS_MISSING_MAX_AGE',
      header: HEADER,
      value,
      problem: 'has no max-age, so browsers ignore the whole header',
      fix: 'start with "max-age=31536000" (one year, in seconds).',
    });
  }
  return result;
}

function parseMaxAge(raw: string, value: string): number {
  if (!/^\d+$/.test(raw)) {
    fail({
      code: 'HSTS_INVALID_MAX_AGE',
      header: HEADER,
      value,
      problem: 'has a max-age that is not a whole number of seconds',
      fix: 'write max-age=31536000 (one year).',
    });
  }
  return Number(raw);
}

function fromObject(base: ResolvedHsts | undefined, input: StrictTransportSecurityOptions): ResolvedHsts {
  rejectUnknownKeys(input, KEYS, {
    where: 'strictTransportSecurity',
    onUnknown: ({ key, didYouMean: suggestion }) =>
      fail({
        code: 'UNKNOWN_OPTION',
        header: HEADER,
        value: key,
        problem: 'has an unknown option',
        fix: `${suggestion}Options are ${KEYS.join(', ')}.`,
      }),
  });
  const maxAge = input.maxAge ?? base?.maxAge;
  if (typeof maxAge !== 'number' || !Number.isSafeInteger(maxAge) || maxAge < 0) {
    fail({
      code: maxAge === undefined ? 'HSTS_MISSING_MAX_AGE' : 'HSTS_INVALID_MAX_AGE',
      header: HEADER,
      value: String(maxAge),
      problem: 'needs maxAge as a whole, non-negative number of seconds',
      fix: 'write maxAge: 31536000 (one year).',
    });
  }
  return {
    maxAge,
    includeSubDomains: input.includeSubDomains ?? base?.includeSubDomains ?? false,
    preload: input.preload ?? base?.preload ?? false,
    omitOnPlainHttpLocalhost: input.omitOnPlainHttpLocalhost ?? base?.omitOnPlainHttpLocalhost ?? false,
  };
}

/**
 * Validates HSTS options (a header string, or an object merged into `base`) and checks the
 * preload-list requirements, which browsers enforce when they build their lists.
 */
export function resolveHsts(
  base: ResolvedHsts | undefined,
  input: string | StrictTransportSecurityOptions,
): ResolvedHsts {
  let hsts: ResolvedHsts;
  if (typeof input === 'string') hsts = parseHsts(input);
  else if (input !== null && typeof input === 'object' && !Array.isArray(input))
    hsts = fromObject(base, input);
  else {
    return fail({
      code: 'INVALID_VALUE',
      header: HEADER,
      value: String(input),
      problem: 'expects a header string, an options object, true or false',
      fix: 'write "max-age=31536000; includeSubDomains" or { maxAge: 31536000, includeSubDomains: true }.',
    });
  }
  if (hsts.preload && (!hsts.includeSubDomains || hsts.maxAge < ONE_YEAR)) {
    fail({
      code: 'HSTS_PRELOAD_REQUIREMENTS',
      header: HEADER,
      value: serializeHsts(hsts),
      problem:
        'asks for preload without includeSubDomains and a max-age of at least 31536000, which the preload list requires',
      fix: 'add includeSubDomains and max-age=31536000 or more, or drop preload.',
    });
  }
  return hsts;
}

/** `max-age=…; includeSubDomains; preload`. */
export function serializeHsts(hsts: ResolvedHsts): string {
  return `max-age=${hsts.maxAge}${hsts.includeSubDomains ? '; includeSubDomains' : ''}${hsts.preload ? '; preload' : ''}`;
}
