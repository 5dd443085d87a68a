import { listSigningKeys } from '@mana/auth-core';
import { CLI_EXIT } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import { isoOf } from './key-options.js';

/** A duration in the largest whole unit: `45s`, `12m`, `3h`, `9d`. */
const age = (seconds: number): string =>
  seconds < 120
    ? `${seconds}s`
    : seconds < 7_200
      ? `${Math.floor(seconds / 60)}m`
      : seconds < 172_800
        ? `${Math.floor(seconds / 3600)}h`
        : `${Math.floor(seconds / 86_400)}d`;

/** `mana-auth keys list [--json]`. */
export const keysListCommand: CliCommand = {
  path: ['keys', 'list'],
  summary: 'list the signing keys with their state and age',
  usage: 'keys list [--json]',
  description: `Lists every Ed25519 signing key in <schema>.jwks, newest first, with its state:
  next     published in the JWKS, not signing yet (a rotation waiting for cached JWKS to expire)
  active   signs new access tokens
  retired  no longer signs; published until the tokens it signed have expired
  expired  past its grace, no longer published; deleted at the next prune
  revoked  withdrawn by "keys revoke": never published, refused everywhere
With --json, one JSON object per key and line (kid, state, createdAt, activatesAt, retiredAt,
publishedUntil, revokedAt, ageSeconds).`,
  flags: [],
  examples: ['keys list', 'keys list --json | jq -r \'select(.state == "active") | .kid\''],
  async run(context) {
    const keys = await listSigningKeys(await context.database());
    if (context.config.json) {
      for (const key of keys) context.out.jsonLine(key);
      return CLI_EXIT.ok;
    }
    if (keys.length === 0) {
      context.out.line('no signing keys yet: the service creates one when it first signs a token');
      return CLI_EXIT.ok;
    }
    context.out.table(
      keys.map((key) => ({
        kid: key.kid,
        state: key.state,
        age: age(key.ageSeconds),
        'signs from': isoOf(key.activatesAt),
        'signs until': isoOf(key.retiredAt),
        'published until': isoOf(key.state === 'revoked' ? key.revokedAt : key.publishedUntil),
      })),
      ['kid', 'state', 'age', 'signs from', 'signs until', 'published until'],
    );
    return CLI_EXIT.ok;
  },
};
