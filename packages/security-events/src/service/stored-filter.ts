import { SecurityEventsError } from '../errors.js';
import type { ResolvedPrivacy } from '../events/privacy.js';
import type { SecurityEventsQuery } from '../queries/query-events.js';

/**
 * A query filter with its `ipAddress` and `email` turned into their stored form (pseudonym,
 * prefix or raw, per the service's privacy policy), so callers search with real values.
 *
 * @example
 * ```ts
 * storedFilter({ ipAddress: '203.0.113.7' }, privacy); // { ipAddress: 'hmac:…' }
 * ```
 */
export function storedFilter<TType extends string>(
  filter: SecurityEventsQuery<TType>,
  privacy: ResolvedPrivacy,
): SecurityEventsQuery<TType> {
  if (filter === null || typeof filter !== 'object') return filter;
  const { ipAddress, email } = filter;
  if (ipAddress === undefined && email === undefined) return filter;
  const out = { ...filter };
  if (ipAddress !== undefined) {
    const stored = typeof ipAddress === 'string' ? privacy.ip(ipAddress) : null;
    if (stored === null) refuse(`ipAddress must be an IPv4 or IPv6 address, got ${typeof ipAddress}`);
    out.ipAddress = stored;
  }
  if (email !== undefined) {
    const stored = typeof email === 'string' ? privacy.email(email) : undefined;
    if (stored === undefined) {
      refuse("email must be a non-empty string, and privacy.emails must not be 'omit' (no email is stored)");
    }
    out.email = stored;
  }
  return out;
}

function refuse(message: string): never {
  throw new SecurityEventsError('INVALID_QUERY', `Invalid query: ${message}.`);
}
