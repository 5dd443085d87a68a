/**
 * The MDN HTTP Observatory's Content-Security-Policy test, re-implemented from its published
 * rules (github.com/mdn/mdn-http-observatory, src/analyzer/tests/csp.js and cspParser.js) for
 * policies delivered in headers. Results and their score modifiers are the Observatory's.
 */

export type CspResult =
  | 'csp-implemented-with-no-unsafe-default-src-none'
  | 'csp-implemented-with-no-unsafe'
  | 'csp-implemented-with-unsafe-inline-in-style-src-only'
  | 'csp-implemented-with-insecure-scheme-in-passive-content-only'
  | 'csp-implemented-with-unsafe-eval'
  | 'csp-implemented-with-unsafe-inline'
  | 'csp-implemented-with-insecure-scheme'
  | 'csp-implemented-but-duplicate-directives'
  | 'csp-header-invalid'
  | 'csp-not-implemented'
  | 'csp-not-implemented-but-reporting-enabled';

export const CSP_MODIFIERS: Record<CspResult, number> = {
  'csp-implemented-with-no-unsafe-default-src-none': 10,
  'csp-implemented-with-no-unsafe': 5,
  'csp-implemented-with-unsafe-inline-in-style-src-only': 0,
  'csp-implemented-with-insecure-scheme-in-passive-content-only': -10,
  'csp-implemented-with-unsafe-eval': -10,
  'csp-implemented-with-unsafe-inline': -20,
  'csp-implemented-with-insecure-scheme': -20,
  'csp-implemented-but-duplicate-directives': 0,
  'csp-header-invalid': -25,
  'csp-not-implemented': -25,
  'csp-not-implemented-but-reporting-enabled': -25,
};

const PASSING: CspResult[] = [
  'csp-implemented-with-no-unsafe',
  'csp-implemented-with-no-unsafe-default-src-none',
  'csp-implemented-with-unsafe-inline-in-style-src-only',
  'csp-implemented-with-insecure-scheme-in-passive-content-only',
];

const BROAD = ['ftp:', 'http:', 'https:', '*', 'http://*', 'http://*.*', 'https://*', 'https://*.*'];
const BROAD_OR_INLINE = [...BROAD, "'unsafe-inline'", 'data:'];
const NONCE_OR_HASH = ["'sha256-", "'sha384-", "'sha512-", "'nonce-"];
const ALLOWED_DUPLICATES = ['report-uri', 'report-to'];

export type CspMap = Map<string, Set<string>>;

/** Parses one or more policies; throws on what the Observatory calls an invalid header. */
export function parsePolicies(policies: string[]): { csp: CspMap; duplicates: boolean } {
  const csp: CspMap = new Map();
  let duplicates = false;
  policies.forEach((raw, index) => {
    const policy = raw.replace(/[\r\n]/g, '').trim();
    if (policy.length < 'img-src'.length - 1) throw new Error(`invalid policy ${policy}`);
    const seen = new Set<string>();
    for (const entry of policy.split(';')) {
      const [first, ...values] = entry.trim().split(/\s+/);
      if (!first) continue;
      const directive = first.toLowerCase();
      if (seen.has(directive)) {
        if (!ALLOWED_DUPLICATES.includes(directive)) throw new Error(`duplicate ${directive}`);
        duplicates = true;
        continue;
      }
      seen.add(directive);
      let sources = new Set(values.map((v) => v.toLowerCase()));
      if (sources.size === 0 && directive.endsWith('-src')) sources = new Set(["'none'"]);
      const previous = csp.get(directive);
      // With several policies, a source only counts if every policy that sets the directive has it.
      if (index > 0 && previous) sources = new Set([...previous].filter((s) => sources.has(s)));
      csp.set(directive, sources.size > 0 || !directive.endsWith('-src') ? sources : new Set(["'none'"]));
    }
  });
  return { csp, duplicates };
}

const startsWithNonceOrHash = (sources: Set<string>) =>
  [...sources].some((source) => NONCE_OR_HASH.some((prefix) => source.startsWith(prefix)));

function effective(csp: CspMap, name: string): Set<string> {
  return new Set(csp.get(name) ?? csp.get('default-src') ?? ['*']);
}

/** Grades the CSP headers of an HTTPS or HTTP response. */
export function cspTest(
  enforced: string[],
  reportOnly: string[],
  https: boolean,
): { result: CspResult; pass: boolean; csp?: CspMap } {
  const policies = enforced.flatMap((value) => value.split(',').map((p) => p.trim()));
  if (policies.length === 0) {
    return {
      result: reportOnly.length > 0 ? 'csp-not-implemented-but-reporting-enabled' : 'csp-not-implemented',
      pass: false,
    };
  }
  let parsed: ReturnType<typeof parsePolicies>;
  try {
    parsed = parsePolicies(policies);
  } catch {
    return { result: 'csp-header-invalid', pass: false };
  }
  const { csp } = parsed;
  const scriptSrc = effective(csp, 'script-src');
  const styleSrc = effective(csp, 'style-src');
  const objectSrc = effective(csp, 'object-src');
  for (const list of [scriptSrc, styleSrc]) if (startsWithNonceOrHash(list)) list.delete("'unsafe-inline'");
  let result: CspResult | undefined;
  if (scriptSrc.has("'strict-dynamic'")) {
    if (startsWithNonceOrHash(scriptSrc)) {
      for (const s of [...scriptSrc])
        if (BROAD.some((b) => s.startsWith(b)) || s === "'self'" || s === "'unsafe-inline'")
          scriptSrc.delete(s);
    } else result = 'csp-header-invalid';
  }
  const active = [...csp]
    .filter(([d]) => d !== 'img-src' && d !== 'media-src' && d !== 'script-src')
    .flatMap(([, s]) => [...s]);
  active.push(...scriptSrc);
  const passive = ['img-src', 'media-src'].flatMap((d) => [...(csp.get(d) ?? csp.get('default-src') ?? [])]);
  const insecure = (sources: string[]) =>
    https && sources.some((s) => s.startsWith('http:') || s.startsWith('ftp:'));
  if (
    [...scriptSrc].some((s) => BROAD_OR_INLINE.includes(s)) ||
    [...objectSrc].some((s) => BROAD.includes(s))
  ) {
    result ??= 'csp-implemented-with-unsafe-inline';
  }
  if (insecure(active)) result ??= 'csp-implemented-with-insecure-scheme';
  if (scriptSrc.has("'unsafe-eval'") || styleSrc.has("'unsafe-eval'"))
    result ??= 'csp-implemented-with-unsafe-eval';
  if (insecure(passive)) result ??= 'csp-implemented-with-insecure-scheme-in-passive-content-only';
  if ([...styleSrc].some((s) => BROAD_OR_INLINE.includes(s)))
    result ??= 'csp-implemented-with-unsafe-inline-in-style-src-only';
  const defaultSrc = csp.get('default-src');
  if (defaultSrc?.has("'none'") && defaultSrc.size === 1)
    result ??= 'csp-implemented-with-no-unsafe-default-src-none';
  result ??= 'csp-implemented-with-no-unsafe';
  const pass = PASSING.includes(result);
  if (pass && parsed.duplicates) result = 'csp-implemented-but-duplicate-directives';
  return { result, pass, csp };
}
