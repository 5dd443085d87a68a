import { didYouMean } from '@mana/internal';
import { fail } from '../errors.js';
import { DIRECTIVE_BY_HEADER_NAME } from './directives.js';
import type { CspDirectiveName, CspDirectives } from './types.js';

/**
 * Parses a policy string such as `default-src 'self'; script-src 'self'` into typed directives, so
 * a string gets exactly the same validation as the object form. Directive names are
 * case-insensitive; unknown or repeated directives and `,` (which starts a second policy) throw.
 */
export function parseCsp(policy: string, header: string): CspDirectives {
  if (policy.includes(',')) {
    fail({
      code: 'CSP_SEPARATOR_IN_VALUE',
      header,
      value: policy,
      problem: 'the policy contains ",", which makes browsers read it as two policies that must both pass',
      fix: 'remove the comma, percent-encode it in URLs (%2C), or use contentSecurityPolicyReportOnly for a second policy.',
    });
  }
  const directives: Partial<Record<CspDirectiveName, unknown>> = {};
  for (const part of policy.split(';')) {
    const [rawName, ...values] = part.trim().split(/\s+/);
    if (!rawName) continue;
    const name = DIRECTIVE_BY_HEADER_NAME.get(rawName.toLowerCase());
    if (name === undefined) {
      fail({
        code: 'CSP_UNKNOWN_DIRECTIVE',
        header,
        value: rawName,
        problem: 'the policy has an unknown directive',
        fix: `${didYouMean(rawName, DIRECTIVE_BY_HEADER_NAME.keys())}Check the directive name against MDN's CSP reference.`,
      });
    }
    if (Object.hasOwn(directives, name)) {
      fail({
        code: 'CSP_DUPLICATE_DIRECTIVE',
        header,
        value: rawName,
        problem: 'the policy repeats a directive; browsers ignore every copy after the first',
        fix: `merge the sources into one ${rawName.toLowerCase()} directive.`,
      });
    }
    directives[name] = valueFromString(name, values);
  }
  return directives as CspDirectives;
}

function valueFromString(name: CspDirectiveName, values: string[]): unknown {
  if (name === 'upgradeInsecureRequests' || name === 'blockAllMixedContent') {
    return values.length === 0 ? true : values.join(' ');
  }
  if (name === 'sandbox') return values.length === 0 ? true : values;
  if (name === 'reportTo') return values.length === 1 ? values[0] : values.join(' ');
  return values;
}
