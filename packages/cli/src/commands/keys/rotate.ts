import { ACCESS_TOKEN_TTL_SECONDS, rotateSigningKey } from '@mana/auth-core';
import { CLI_EXIT } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import { asUsage, isoOf, jwksMaxAgeOf, keyBroadcastOf, requireSecret, secondsFlag } from './key-options.js';

const FLAG_OF: Record<string, string> = {
  publishDelaySeconds: '--publish-delay',
  jwksMaxAgeSeconds: '--jwks-max-age',
  retiredKeyGraceSeconds: '--retired-grace',
  secret: 'AUTH_SECRET',
};

/** `mana-auth keys rotate [--publish-delay <duration>]`. */
export const keysRotateCommand: CliCommand = {
  path: ['keys', 'rotate'],
  summary: 'rotate the signing key: publish a new key now, sign with it later',
  usage: 'keys rotate [--publish-delay <duration>] [--jwks-max-age <duration>] [--retired-grace <duration>]',
  description: `Publish first, sign later: a new Ed25519 key enters the JWKS at once and starts
signing after --publish-delay, when every cached copy of the JWKS (the service's own and its
clients', each up to --jwks-max-age old) holds it, so no client meets an unknown kid. At that
moment the previous key stops signing; it stays in the JWKS for --retired-grace more, while the
tokens it signed are valid. Running instances hear of it at once (PostgreSQL NOTIFY, or Redis
with REDIS_URL). Two rotations at once make one; a rotation while one is pending changes
nothing and prints the pending key. Needs AUTH_SECRET (the new private key is encrypted with it).`,
  flags: [
    {
      name: 'publish-delay',
      type: 'string',
      valueName: '<duration>',
      description:
        'how long the new key is published before it signs; more than --jwks-max-age (default 150s)',
    },
    {
      name: 'jwks-max-age',
      type: 'string',
      valueName: '<duration>',
      description: "the service's jwksMaxAge, its JWKS Cache-Control max-age (default 60s)",
    },
    {
      name: 'retired-grace',
      type: 'string',
      valueName: '<duration>',
      description:
        'how long the previous key stays published after it stops signing: the access-token lifetime (default 15m)',
    },
  ],
  examples: ['keys rotate', 'keys rotate --publish-delay 5m --jwks-max-age 2m', 'keys rotate --json'],
  async run(context) {
    const secret = requireSecret(context, 'the new private key is encrypted with it');
    const maxAge = jwksMaxAgeOf(context);
    // Absent: the library's default (two JWKS max-ages plus 30 s, at least 150 s).
    const delay =
      typeof context.flags['publish-delay'] === 'string'
        ? secondsFlag(context, 'publish-delay', 0)
        : undefined;
    const grace = secondsFlag(context, 'retired-grace', ACCESS_TOKEN_TTL_SECONDS);
    const database = await context.database();
    const broadcast = await keyBroadcastOf(context);
    const rotation = await asUsage(
      () =>
        rotateSigningKey(database, {
          secret,
          ...(delay === undefined ? {} : { publishDelaySeconds: delay }),
          jwksMaxAgeSeconds: maxAge,
          retiredKeyGraceSeconds: grace,
          ...broadcast,
        }),
      (field) => FLAG_OF[field] ?? field,
    );
    if (context.config.json) context.out.json(rotation);
    else if (!rotation.created)
      context.out.line(
        `a rotation is already pending: key ${rotation.kid} signs from ${isoOf(rotation.activatesAt)}`,
      );
    else {
      context.out.line(`key ${rotation.kid} is published now and signs from ${isoOf(rotation.activatesAt)}`);
      if (rotation.previousKid)
        context.out.line(
          `key ${rotation.previousKid} stops signing then and stays published until ${isoOf(rotation.previousPublishedUntil)}`,
        );
    }
    return CLI_EXIT.ok;
  },
};
