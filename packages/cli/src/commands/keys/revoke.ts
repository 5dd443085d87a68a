import { listSigningKeys, revokeSigningKey, SigningKeyError } from '@mana/auth-core';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import { asUsage, keyBroadcastOf, quoted } from './key-options.js';

/** `mana-auth keys revoke <kid> [--yes]`. */
export const keysRevokeCommand: CliCommand = {
  path: ['keys', 'revoke'],
  summary: 'revoke a (compromised) signing key: gone from the JWKS, refused everywhere',
  usage: 'keys revoke <kid> [--yes]',
  description: `Revokes the key <kid> (see "keys list"): it leaves the JWKS, its private key is
wiped, and every running instance refuses the tokens it signed within seconds (the key change is
broadcast by PostgreSQL NOTIFY, or by Redis with REDIS_URL: pass REDIS_URL when the service uses
Redis). Tokens it signed are refused by resource servers once their cached JWKS expires.
Revoking the ACTIVE key is the emergency path and needs --yes: a pending "next" key is promoted,
or a new key is created (with AUTH_SECRET; without it the service creates one at its next
signing), and it signs at once, so clients holding a cached JWKS refuse the new tokens until
their cache expires (up to the JWKS max-age). Revoking a revoked key changes nothing.`,
  flags: [
    {
      name: 'yes',
      type: 'boolean',
      description: 'confirm revoking the active key (the emergency path; default: refuse it)',
    },
  ],
  positionals: [{ name: 'kid', required: true }],
  examples: ['keys revoke 3f0c1d2e-…', 'keys revoke 3f0c1d2e-… --yes'],
  async run(context) {
    const kid = context.positionals[0]!;
    const database = await context.database();
    const key = (await listSigningKeys(database)).find((candidate) => candidate.kid === kid);
    if (!key) {
      throw new CliUsageError(
        `no signing key has kid ${quoted(kid)}`,
        'run "mana-auth keys list" to see the kids',
      );
    }
    if (key.state === 'active' && context.flags.yes !== true) {
      throw new CliUsageError(
        `key ${quoted(kid)} is the active signing key`,
        'add --yes to revoke it anyway (emergency: a replacement signs at once; clients with a cached JWKS refuse its tokens until their cache expires), or run "mana-auth keys rotate" first',
      );
    }
    const broadcast = await keyBroadcastOf(context);
    const secret = context.config.secret;
    const result = await asUsage(
      () => revokeSigningKey(database, kid, { ...(secret ? { secret } : {}), ...broadcast }),
      (field) => (field === 'secret' ? 'AUTH_SECRET' : field),
    ).catch((error: unknown) => {
      if (error instanceof SigningKeyError)
        throw new CliUsageError(
          `no signing key has kid ${quoted(kid)}`,
          'run "mana-auth keys list" to see the kids',
        );
      throw error;
    });
    if (context.config.json) context.out.json(result);
    else if (result.previousState === 'revoked') context.out.line(`key ${kid} was already revoked`);
    else {
      context.out.line(`key ${kid} (${result.previousState}) is revoked; running instances were told`);
      if (result.previousState === 'active')
        context.out.line(
          result.replacementKid
            ? `key ${result.replacementKid} signs from now on`
            : 'the service creates a new signing key at its next signing',
        );
    }
    return CLI_EXIT.ok;
  },
};
