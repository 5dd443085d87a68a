import { didYouMean } from '@mana/internal';
import { fail } from '../errors.js';
import type { HeaderTemplate } from '../policy/header-template.js';
import { templateFrom } from '../policy/header-template.js';
import { type DirectiveTokens, directiveTokens } from './directive-value.js';
import { DIRECTIVES, isDirectiveName } from './directives.js';
import { parseCsp } from './parse-csp.js';
import { type CspDirectiveName, type CspDirectives, NONCE } from './types.js';

/** A validated policy: directive → tokens, in serialisation order. */
export type CspDirectiveMap = ReadonlyMap<CspDirectiveName, DirectiveTokens>;

/**
 * Merges `input` into `base`: a string replaces the whole policy; an object replaces the
 * directives it names (in place, keeping their order) and drops those set to `false`.
 */
export function mergeCsp(
  base: CspDirectiveMap | undefined,
  input: string | CspDirectives,
  header: string,
): CspDirectiveMap {
  if (typeof input === 'string') return mergeCsp(undefined, parseCsp(input, header), header);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    fail({
      code: 'INVALID_VALUE',
      header,
      value: String(input),
      problem: 'expects a policy string, an object of directives, true or false',
      fix: `write { defaultSrc: ["'self'"] } or "default-src 'self'".`,
    });
  }
  const result = new Map(base);
  for (const [key, value] of Object.entries(input)) {
    if (!isDirectiveName(key)) {
      fail({
        code: 'CSP_UNKNOWN_DIRECTIVE',
        header,
        value: key,
        problem: 'has an unknown directive',
        fix: `${didYouMean(key, Object.keys(DIRECTIVES))}Directives are camelCase option names such as scriptSrc.`,
      });
    }
    const tokens = directiveTokens(key, value);
    if (tokens === undefined) result.delete(key);
    else result.set(key, tokens);
  }
  if (result.size === 0) {
    fail({
      code: 'INVALID_VALUE',
      header,
      value: '{}',
      problem: 'has no directives left',
      fix: `set the header to false to send no policy, or add directives such as defaultSrc: ["'self'"].`,
    });
  }
  return result;
}

/** Serialises a validated policy into a template (`NONCE` positions become nonce slots). */
export function compileCsp(directives: CspDirectiveMap): HeaderTemplate {
  const pieces: (string | typeof NONCE)[] = [];
  for (const [name, tokens] of directives) {
    if (pieces.length > 0) pieces.push('; ');
    pieces.push(DIRECTIVES[name][0]);
    for (const token of tokens) pieces.push(' ', token);
  }
  return templateFrom(pieces);
}

/** Whether a policy has a nonce slot. */
export function usesNonce(directives: CspDirectiveMap | undefined): boolean {
  if (!directives) return false;
  for (const tokens of directives.values()) if (tokens.includes(NONCE)) return true;
  return false;
}
