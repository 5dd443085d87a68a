import { remoteJwks, verifyAccessToken } from '@mana/auth-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../http-client.js';
import { AUTH, loggedInClient } from './attack-helpers.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Other spellings of the same bytes: each must be refused although it decodes alike. */
function respellings(token: string): Record<string, string> {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const last = ALPHABET.indexOf(signature.at(-1)!);
  const pad = (s: string) => s + '='.repeat((4 - (s.length % 4)) % 4);
  const spellings: Record<string, string> = {
    // 64 bytes are 86 characters: the last carries 4 unused bits.
    'signature with unused low bits set': `${header}.${payload}.${signature.slice(0, -1)}${ALPHABET[last | 0x0f]}`,
    'signature padded with =': `${header}.${payload}.${pad(signature)}`,
    'signature in standard base64': `${header}.${payload}.${Buffer.from(signature, 'base64url').toString('base64')}`,
    'header in standard base64, padded': `${Buffer.from(header, 'base64url').toString('base64')}.${payload}.${signature}`,
  };
  spellings['payload padded with ='] = `${header}.${pad(payload)}.${signature}`;
  // A segment whose length is a multiple of 4 with no "-" or "_" is spelt alike: left out.
  return Object.fromEntries(Object.entries(spellings).filter(([, spelt]) => spelt !== token));
}

/** An attacker re-spells a genuine access token; neither the resource route nor a verifier takes it. */
export function describeTokenMalleabilityAttacks(setup: AttackSetup): void {
  describe('token malleability: only canonical base64url verifies', () => {
    let target: AttackTarget;
    beforeAll(async () => {
      target = await startAttackTarget(setup);
    }, 60_000);
    afterAll(() => target?.stop());

    it('refuses every re-spelt token at the resource route and at verifyAccessToken', async () => {
      const { accessToken } = await loggedInClient(target.url, 'malleable');
      const me = (token: string) =>
        new Client(target.url).request('GET', '/api/v1/me', {
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await me(accessToken)).status).toBe(200);
      const jwks = remoteJwks(`${target.url}${AUTH}/jwks`);
      const verify = (token: string) =>
        verifyAccessToken(token, { jwks, issuer: target.url, audience: target.url }).then(
          () => 'accepted',
          (error: { code?: string }) => error.code ?? 'error',
        );
      expect(await verify(accessToken)).toBe('accepted');
      const spellings = Object.entries(respellings(accessToken));
      // The three signature spellings always differ (86 characters, 4 unused bits).
      expect(spellings.length).toBeGreaterThanOrEqual(3);
      for (const [how, token] of spellings) {
        const refused = await me(token);
        expect(refused.status, how).toBe(401);
        expect(refused.body.error.code, how).toBe('UNAUTHORIZED');
        expect(await verify(token), how).toBe('TOKEN_MALFORMED');
      }
    });
  });
}
