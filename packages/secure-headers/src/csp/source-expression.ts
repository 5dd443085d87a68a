import { didYouMean } from '@mana/internal';
import { fail } from '../errors.js';
import type { DirectiveKind } from './directives.js';
import { NONCE } from './types.js';

const HEADER = 'Content-Security-Policy';

const ALL_KEYWORDS = [
  'self',
  'none',
  'unsafe-inline',
  'unsafe-eval',
  'strict-dynamic',
  'unsafe-hashes',
  'report-sample',
  'wasm-unsafe-eval',
  'inline-speculation-rules',
  'trusted-types-eval',
  'report-sha256',
  'report-sha384',
  'report-sha512',
] as const;

const SCRIPT_ONLY = ['strict-dynamic', 'wasm-unsafe-eval', 'inline-speculation-rules', 'trusted-types-eval'];
const REPORT_HASH = ['report-sha256', 'report-sha384', 'report-sha512'];

/** Which keywords mean something in each kind of directive. */
const KEYWORDS_BY_KIND: Partial<Record<DirectiveKind, ReadonlySet<string>>> = {
  default: new Set(ALL_KEYWORDS),
  script: new Set(ALL_KEYWORDS),
  'script-attr': new Set(['self', 'none', 'unsafe-inline', 'unsafe-hashes', 'report-sample']),
  style: new Set(
    ALL_KEYWORDS.filter((k) => !SCRIPT_ONLY.includes(k) && !REPORT_HASH.includes(k) && k !== 'unsafe-eval'),
  ),
  'style-attr': new Set(['self', 'none', 'unsafe-inline', 'unsafe-hashes', 'report-sample']),
  fetch: new Set(['self', 'none']),
  ancestors: new Set(['self', 'none']),
};

const BARE_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'data', 'blob', 'filesystem', 'mediastream']);
const HASH_LENGTHS: Readonly<Record<string, number>> = { sha256: 43, sha384: 64, sha512: 86 };
const SCHEME_SOURCE = /^[a-zA-Z][a-zA-Z0-9+.-]*:$/;
const HOST_SOURCE =
  /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?(?:\*|(?:\*\.)?[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*\.?)(?::(?:\d{1,5}|\*))?(?:\/[A-Za-z0-9\-._~!$&'()*+=:@%/]*)?$/;
const BASE64_VALUE = /^[A-Za-z0-9+/_-]+={0,2}$/;

function invalid(directive: string, source: string, problem: string, fix: string): never {
  return fail({
    code: 'CSP_INVALID_SOURCE',
    header: HEADER,
    value: source,
    problem: `${directive} ${problem}`,
    fix,
  });
}

function checkCharacters(directive: string, source: string): void {
  if (source.length === 0) invalid(directive, source, 'has an empty source', 'remove the empty string.');
  if (/[;,]/.test(source)) {
    fail({
      code: 'CSP_SEPARATOR_IN_VALUE',
      header: HEADER,
      value: source,
      problem: `${directive} has a source containing ";" or ",", which would end the directive or the policy early`,
      fix: 'give each source as its own array entry and percent-encode ";" (%3B) and "," (%2C) inside URLs.',
    });
  }
  if (/\s/.test(source)) {
    invalid(
      directive,
      source,
      'has a source containing whitespace',
      'give each source as its own array entry.',
    );
  }
  if (/[^\x21-\x7e]/.test(source)) {
    fail({
      code: 'INVALID_CHARACTERS',
      header: HEADER,
      value: source,
      problem: `${directive} has a source with a control or non-ASCII character`,
      fix: 'use ASCII only; write international domain names in punycode (xn--…).',
    });
  }
}

function checkQuoted(directive: string, kind: DirectiveKind, source: string): string {
  const inner = source.slice(1, -1);
  const lower = inner.toLowerCase();
  if (lower.startsWith('nonce-')) {
    fail({
      code: 'CSP_STATIC_NONCE',
      header: HEADER,
      value: source,
      problem: `${directive} has a fixed nonce, which is the same on every response and can be reused by an attacker`,
      fix: "use the NONCE placeholder from '@mana/secure-headers' to get a fresh nonce per response.",
    });
  }
  const hash = /^(sha256|sha384|sha512)-(.*)$/.exec(lower);
  if (hash) return checkHash(directive, kind, source, hash[1]!, inner.slice(hash[1]!.length + 1));
  const allowed = KEYWORDS_BY_KIND[kind] ?? new Set<string>();
  if ((ALL_KEYWORDS as readonly string[]).includes(lower)) {
    if (!allowed.has(lower)) {
      fail({
        code: 'CSP_UNKNOWN_KEYWORD',
        header: HEADER,
        value: source,
        problem: `${directive} does not use the keyword ${source}; it has no effect there`,
        fix: `remove it, or use one of ${[...allowed].map((k) => `'${k}'`).join(', ')}.`,
      });
    }
    return `'${lower}'`;
  }
  return fail({
    code: 'CSP_UNKNOWN_KEYWORD',
    header: HEADER,
    value: source,
    problem: `${directive} has an unknown keyword`,
    fix: `${didYouMean(
      source,
      ALL_KEYWORDS.map((k) => `'${k}'`),
    )}Known keywords: ${ALL_KEYWORDS.map((k) => `'${k}'`).join(', ')}.`,
  });
}

function checkHash(
  directive: string,
  kind: DirectiveKind,
  source: string,
  algorithm: string,
  value: string,
): string {
  if (kind === 'fetch' || kind === 'ancestors') {
    fail({
      code: 'CSP_UNKNOWN_KEYWORD',
      header: HEADER,
      value: source,
      problem: `${directive} does not use hash sources`,
      fix: 'put hashes in script-src or style-src.',
    });
  }
  const expected = HASH_LENGTHS[algorithm]!;
  if (!BASE64_VALUE.test(value) || value.replace(/=+$/, '').length !== expected) {
    fail({
      code: 'CSP_INVALID_HASH',
      header: HEADER,
      value: source,
      problem: `${directive} has a ${algorithm} hash that is not ${expected} base64 characters long`,
      fix: `write '${algorithm}-<base64 digest>', e.g. the output of: openssl dgst -${algorithm} -binary file.js | openssl base64 -A.`,
    });
  }
  return `'${algorithm}-${value}'`;
}

function checkUnquoted(directive: string, source: string): string {
  const lower = source.toLowerCase();
  if ((ALL_KEYWORDS as readonly string[]).includes(lower) || /^(nonce|sha256|sha384|sha512)-/.test(lower)) {
    fail({
      code: 'CSP_UNQUOTED_KEYWORD',
      header: HEADER,
      value: source,
      problem: `${directive} has the CSP keyword ${JSON.stringify(source)} without single quotes, so browsers read it as a host name`,
      fix: `write ${JSON.stringify(`'${source}'`)}.`,
    });
  }
  if (BARE_SCHEMES.has(lower)) {
    invalid(
      directive,
      source,
      'has a scheme without its colon, which browsers read as a host name',
      `write "${lower}:".`,
    );
  }
  if (SCHEME_SOURCE.test(source) || HOST_SOURCE.test(source)) return source;
  return invalid(
    directive,
    source,
    'has a source that is not a keyword, scheme (https:), host (https://cdn.example.com) or hash',
    'check the spelling; keywords need single quotes, e.g. "\'self\'".',
  );
}

/**
 * Validates one source expression for a directive of the given kind and returns it normalised
 * (keywords lower-cased). {@link NONCE} passes through where nonces are meaningful.
 */
export function checkSource(directive: string, kind: DirectiveKind, source: unknown): string | typeof NONCE {
  if (source === NONCE) {
    if (kind === 'default' || kind === 'script' || kind === 'style') return NONCE;
    return fail({
      code: 'CSP_NONCE_NOT_ALLOWED',
      header: HEADER,
      value: 'NONCE',
      problem: `${directive} does not use nonces`,
      fix: 'put NONCE in script-src, script-src-elem, style-src, style-src-elem or default-src.',
    });
  }
  if (typeof source !== 'string') {
    return invalid(
      directive,
      String(source),
      'has a source that is not a string',
      'pass strings such as "\'self\'".',
    );
  }
  checkCharacters(directive, source);
  if (source.length > 1 && source.startsWith("'") && source.endsWith("'")) {
    return checkQuoted(directive, kind, source);
  }
  return checkUnquoted(directive, source);
}
