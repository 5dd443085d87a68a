import { CSP_MODIFIERS, type CspResult, cspTest } from './csp-rules.js';

/**
 * The MDN HTTP Observatory's grading (github.com/mdn/mdn-http-observatory: src/grader/charts.js,
 * src/scanner/index.js, src/analyzer/tests/*), re-implemented for the tests that read response
 * headers: CSP, HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy,
 * Cross-Origin-Resource-Policy, CORS and cookies. The tests that need a crawl are inputs:
 * `redirection` (does http:// redirect to https:// on the same host) and `subresourceIntegrity`
 * (the page's <script> tags); the HSTS preload bonus needs the browsers' list, so it is not given.
 */
export interface ObservatoryInput {
  /** Headers of the final HTTPS response. */
  headers: Headers;
  https: boolean;
  redirection?: 'redirection-to-https' | 'redirection-missing';
  subresourceIntegrity?:
    | 'sri-not-implemented-response-not-html'
    | 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin';
}

export interface ObservatoryTest {
  result: string;
  modifier: number;
  pass: boolean;
}

export interface ObservatoryScore {
  score: number;
  grade: string;
  tests: Record<string, ObservatoryTest>;
}

const GRADES: [number, string][] = [
  [100, 'A+'],
  [95, 'A'],
  [90, 'A'],
  [85, 'A-'],
  [80, 'B+'],
  [75, 'B'],
  [70, 'B'],
  [65, 'B-'],
  [60, 'C+'],
  [55, 'C'],
  [50, 'C'],
  [45, 'C-'],
  [40, 'D+'],
  [35, 'D'],
  [30, 'D'],
  [25, 'D-'],
  [20, 'F'],
  [15, 'F'],
  [10, 'F'],
  [5, 'F'],
  [0, 'F'],
];
const MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90;
const SIX_MONTHS = 15_552_000;

const values = (headers: Headers, name: string): string[] => {
  const value = headers.get(name);
  return value === null ? [] : [value];
};

function hsts(input: ObservatoryInput): ObservatoryTest {
  if (!input.https) return { result: 'hsts-not-implemented-no-https', modifier: -20, pass: false };
  const header = input.headers.get('strict-transport-security');
  if (header === null) return { result: 'hsts-not-implemented', modifier: -20, pass: false };
  const parts = header
    .slice(0, 1024)
    .split(';')
    .map((p) => p.trim().toLowerCase());
  const maxAge = parts.find((p) => p.startsWith('max-age='));
  if (header.includes(',') || maxAge === undefined)
    return { result: 'hsts-header-invalid', modifier: -20, pass: false };
  const seconds = Number.parseInt(maxAge.slice(8, 128), 10);
  if (Number.isNaN(seconds)) return { result: 'hsts-header-invalid', modifier: -20, pass: false };
  return seconds < SIX_MONTHS
    ? { result: 'hsts-implemented-max-age-less-than-six-months', modifier: -10, pass: false }
    : { result: 'hsts-implemented-max-age-at-least-six-months', modifier: 0, pass: true };
}

function xContentTypeOptions(headers: Headers): ObservatoryTest {
  const header = headers.get('x-content-type-options');
  if (header === null) return { result: 'x-content-type-options-not-implemented', modifier: -5, pass: false };
  return header.trim().toLowerCase() === 'nosniff'
    ? { result: 'x-content-type-options-nosniff', modifier: 0, pass: true }
    : { result: 'x-content-type-options-header-invalid', modifier: -5, pass: false };
}

function xFrameOptions(headers: Headers, frameAncestors: boolean): ObservatoryTest {
  if (frameAncestors) return { result: 'x-frame-options-implemented-via-csp', modifier: 5, pass: true };
  const header = headers.get('x-frame-options')?.split(',')[0]?.trim().toLowerCase();
  if (header === undefined) return { result: 'x-frame-options-not-implemented', modifier: -20, pass: false };
  if (header === 'deny' || header === 'sameorigin')
    return { result: 'x-frame-options-sameorigin-or-deny', modifier: 0, pass: true };
  if (header.startsWith('allow-from'))
    return { result: 'x-frame-options-allow-from-origin', modifier: 0, pass: true };
  return { result: 'x-frame-options-header-invalid', modifier: -20, pass: false };
}

function referrerPolicy(headers: Headers): ObservatoryTest {
  const good = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];
  const bad = ['origin', 'origin-when-cross-origin', 'unsafe-url', 'no-referrer-when-downgrade'];
  const header = headers.get('referrer-policy');
  if (header === null) return { result: 'referrer-policy-not-implemented', modifier: 0, pass: true };
  const policy = header
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => good.includes(t) || bad.includes(t))
    .at(-1);
  if (policy !== undefined && good.includes(policy))
    return { result: 'referrer-policy-private', modifier: 5, pass: true };
  if (policy !== undefined) return { result: 'referrer-policy-unsafe', modifier: -5, pass: false };
  return { result: 'referrer-policy-header-invalid', modifier: -5, pass: false };
}

function crossOriginResourcePolicy(headers: Headers): ObservatoryTest {
  const header = headers
    .get('cross-origin-resource-policy')
    ?.split(',')[0]
    ?.slice(0, 256)
    .trim()
    .toLowerCase();
  if (header === undefined) return { result: 'corp-not-implemented', modifier: 0, pass: true };
  if (header === 'same-site') return { result: 'corp-implemented-with-same-site', modifier: 10, pass: true };
  if (header === 'same-origin')
    return { result: 'corp-implemented-with-same-origin', modifier: 10, pass: true };
  if (header === 'cross-origin')
    return { result: 'corp-implemented-with-cross-origin', modifier: 0, pass: true };
  return { result: 'corp-header-invalid', modifier: -5, pass: false };
}

function cors(headers: Headers): ObservatoryTest {
  const origin = headers.get('access-control-allow-origin');
  if (origin === null)
    return { result: 'cross-origin-resource-sharing-not-implemented', modifier: 0, pass: true };
  if (origin.trim() === '*')
    return {
      result: 'cross-origin-resource-sharing-implemented-with-public-access',
      modifier: 0,
      pass: true,
    };
  if (headers.get('access-control-allow-credentials')?.toLowerCase() === 'true') {
    return {
      result: 'cross-origin-resource-sharing-implemented-with-universal-access',
      modifier: -50,
      pass: false,
    };
  }
  return {
    result: 'cross-origin-resource-sharing-implemented-with-restricted-access',
    modifier: 0,
    pass: true,
  };
}

function cookies(headers: Headers): ObservatoryTest {
  const list = headers.getSetCookie();
  if (list.length === 0) return { result: 'cookies-not-found', modifier: 0, pass: true };
  const secure = list.every((c) => /;\s*secure/i.test(c) && /;\s*httponly/i.test(c));
  const sameSite = list.every((c) => /;\s*samesite=(strict|lax)/i.test(c));
  if (secure && sameSite)
    return { result: 'cookies-secure-with-httponly-sessions-and-samesite', modifier: 5, pass: true };
  if (secure) return { result: 'cookies-secure-with-httponly-sessions', modifier: 0, pass: true };
  return { result: 'cookies-without-secure-flag', modifier: -20, pass: false };
}

/** Scores a response the way the Observatory does and returns its grade. */
export function scoreObservatory(input: ObservatoryInput): ObservatoryScore {
  const csp = cspTest(
    values(input.headers, 'content-security-policy'),
    values(input.headers, 'content-security-policy-report-only'),
    input.https,
  );
  const tests: Record<string, ObservatoryTest> = {
    'content-security-policy': {
      result: csp.result,
      modifier: CSP_MODIFIERS[csp.result as CspResult],
      pass: csp.pass,
    },
    cookies: cookies(input.headers),
    'cross-origin-resource-sharing': cors(input.headers),
    redirection:
      (input.redirection ?? 'redirection-to-https') === 'redirection-to-https'
        ? { result: 'redirection-to-https', modifier: 0, pass: true }
        : { result: 'redirection-missing', modifier: -20, pass: false },
    'referrer-policy': referrerPolicy(input.headers),
    'strict-transport-security': hsts(input),
    'subresource-integrity': {
      result: input.subresourceIntegrity ?? 'sri-not-implemented-response-not-html',
      modifier: 0,
      pass: true,
    },
    'x-content-type-options': xContentTypeOptions(input.headers),
    'x-frame-options': xFrameOptions(input.headers, csp.csp?.has('frame-ancestors') === true),
    'cross-origin-resource-policy': crossOriginResourcePolicy(input.headers),
  };
  const modifiers = Object.values(tests).map((t) => t.modifier);
  const withExtraCredit = 100 + modifiers.reduce((a, b) => a + b, 0);
  const uncurved = 100 + modifiers.filter((m) => m < 0).reduce((a, b) => a + b, 0);
  const score = Math.max(0, uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved);
  const grade = GRADES.find(([floor]) => floor === Math.min(score - (score % 5), 100))![1];
  return { score, grade, tests };
}
