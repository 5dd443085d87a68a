import { fail } from '../errors.js';
import { DIRECTIVE_BY_HEADER_NAME, DIRECTIVES, type DirectiveKind } from './directives.js';
import { checkSource } from './source-expression.js';
import { type CspDirectiveName, NONCE } from './types.js';

/** A directive after validation: its tokens, in order; `NONCE` marks where the nonce goes. */
export type DirectiveTokens = readonly (string | typeof NONCE)[];

const HEADER = 'Content-Security-Policy';

const SANDBOX_TOKENS = new Set([
  'allow-downloads',
  'allow-forms',
  'allow-modals',
  'allow-orientation-lock',
  'allow-pointer-lock',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-presentation',
  'allow-same-origin',
  'allow-scripts',
  'allow-storage-access-by-user-activation',
  'allow-top-navigation',
  'allow-top-navigation-by-user-activation',
  'allow-top-navigation-to-custom-protocols',
]);

const SOURCE_LIST_KINDS: ReadonlySet<DirectiveKind> = new Set([
  'default',
  'script',
  'script-attr',
  'style',
  'style-attr',
  'fetch',
  'ancestors',
]);

/** Structured-field key: what Reporting-Endpoints accepts as an endpoint name. */
export const ENDPOINT_NAME = /^[a-z*][a-z0-9_\-.*]*$/;
const TRUSTED_TYPES_NAME = /^(?:[A-Za-z0-9\-#=_/@.%]+|'none'|'allow-duplicates'|\*)$/;

function badValue(directive: string, value: unknown, problem: string, fix: string): never {
  return fail({
    code: 'CSP_INVALID_DIRECTIVE_VALUE',
    header: HEADER,
    value: typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)),
    problem: `${directive} ${problem}`,
    fix,
  });
}

function asList(directive: string, value: unknown): readonly unknown[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : value.trim().split(/\s+/);
  if (Array.isArray(value)) return value;
  const option = DIRECTIVE_BY_HEADER_NAME.get(directive) ?? directive;
  return badValue(
    directive,
    value,
    'must be a list',
    `write ${option}: ["'self'"] (a list), or false to drop it.`,
  );
}

function sourceList(directive: string, kind: DirectiveKind, value: unknown): DirectiveTokens {
  const raw = asList(directive, value);
  if (raw.length === 0) {
    fail({
      code: 'CSP_EMPTY_SOURCE_LIST',
      header: HEADER,
      value: '[]',
      problem: `${directive} has an empty source list, which browsers treat as 'none' but readers do not`,
      fix: `write ["'none'"] to block everything, or false to drop ${directive}.`,
    });
  }
  const tokens = [...new Set(raw.map((source) => checkSource(directive, kind, source)))];
  if (tokens.length > 1 && tokens.includes("'none'")) {
    fail({
      code: 'CSP_NONE_NOT_ALONE',
      header: HEADER,
      value: tokens.map((t) => (t === NONCE ? 'NONCE' : t)).join(' '),
      problem: `${directive} combines 'none' with other sources; browsers ignore 'none' then`,
      fix: `use ["'none'"] alone, or drop 'none' and keep the other sources.`,
    });
  }
  return tokens;
}

function sandbox(value: unknown): DirectiveTokens {
  if (value === true) return [];
  const tokens = asList('sandbox', value);
  for (const token of tokens) {
    if (typeof token !== 'string' || !SANDBOX_TOKENS.has(token)) {
      badValue(
        'sandbox',
        token,
        'has an unknown token',
        `use true for a bare sandbox, or tokens such as 'allow-scripts'.`,
      );
    }
  }
  return [...new Set(tokens as string[])];
}

function reportUri(value: unknown): DirectiveTokens {
  const uris = typeof value === 'string' ? [value] : asList('report-uri', value);
  if (uris.length === 0)
    badValue('report-uri', value, 'is empty', 'give at least one URL, or false to drop it.');
  for (const uri of uris) {
    if (typeof uri !== 'string' || uri === '' || /[\s;,]/.test(uri) || /[^\x21-\x7e]/.test(uri)) {
      badValue(
        'report-uri',
        uri,
        'has an invalid URL',
        'use an absolute URL or a path such as "/csp-reports".',
      );
    }
    try {
      new URL(uri, 'https://placeholder.invalid');
    } catch {
      badValue(
        'report-uri',
        uri,
        'has an invalid URL',
        'use an absolute URL or a path such as "/csp-reports".',
      );
    }
  }
  return uris as string[];
}

function reportTo(value: unknown): DirectiveTokens {
  if (typeof value !== 'string' || !ENDPOINT_NAME.test(value)) {
    badValue(
      'report-to',
      value,
      'must name one endpoint: lower-case letters, digits, "_", "-", "." (a Reporting-Endpoints key)',
      `write reportTo: 'csp' and declare reportingEndpoints: { csp: 'https://example.com/csp-reports' }.`,
    );
  }
  return [value];
}

function special(directive: string, kind: DirectiveKind, value: unknown): DirectiveTokens {
  switch (kind) {
    case 'sandbox':
      return sandbox(value);
    case 'flag':
      if (value === true) return [];
      return badValue(
        directive,
        value,
        'takes no value',
        `write ${DIRECTIVE_BY_HEADER_NAME.get(directive)}: true (a bare "${directive}" in a policy string), or false to drop it.`,
      );
    case 'report-uri':
      return reportUri(value);
    case 'report-to':
      return reportTo(value);
    case 'require-trusted-types-for': {
      const list = asList(directive, value);
      if (list.length !== 1 || list[0] !== "'script'") {
        badValue(directive, value, `only accepts "'script'"`, `write requireTrustedTypesFor: ["'script'"].`);
      }
      return ["'script'"];
    }
    default: {
      const names = asList(directive, value);
      for (const name of names) {
        if (typeof name !== 'string' || !TRUSTED_TYPES_NAME.test(name)) {
          badValue(
            directive,
            name,
            'has an invalid policy name',
            "use policy names, '*', 'none' or 'allow-duplicates'.",
          );
        }
      }
      return names as string[];
    }
  }
}

/**
 * Validates one directive value. Returns `undefined` for `false` (the directive is dropped) and the
 * normalised tokens otherwise.
 */
export function directiveTokens(name: CspDirectiveName, value: unknown): DirectiveTokens | undefined {
  if (value === false || value === undefined) return undefined;
  const [directive, kind] = DIRECTIVES[name];
  return SOURCE_LIST_KINDS.has(kind) ? sourceList(directive, kind, value) : special(directive, kind, value);
}
