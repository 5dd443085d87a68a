import { createHmac } from 'node:crypto';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { boolean, index, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManaAuthConfigError } from '../src/errors.js';
import { authSchema, users } from '../src/schema.js';
import { type AuthTestContext, call, PASSWORD, setupAuthTest, signIn, signUp } from './harness.js';

// What docs/plugin-tables.md tells an adopter to write for Better Auth's twoFactor plugin.
const MIGRATION_SQL = `
ALTER TABLE auth.users ADD COLUMN two_factor_enabled boolean DEFAULT false;
CREATE TABLE auth.two_factors (
  id text PRIMARY KEY,
  secret text NOT NULL,
  backup_codes text NOT NULL,
  user_id text NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  verified boolean DEFAULT true,
  failed_verification_count integer DEFAULT 0,
  locked_until timestamptz
);
CREATE INDEX two_factors_user_id_idx ON auth.two_factors (user_id);
CREATE INDEX two_factors_secret_idx ON auth.two_factors (secret);`;

const usersWithTwoFactor = authSchema.table('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  twoFactorEnabled: boolean('two_factor_enabled').default(false),
});

const twoFactors = authSchema.table(
  'two_factors',
  {
    id: text('id').primaryKey(),
    secret: text('secret').notNull(),
    backupCodes: text('backup_codes').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => usersWithTwoFactor.id, { onDelete: 'cascade' }),
    verified: boolean('verified').default(true),
    failedVerificationCount: integer('failed_verification_count').default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (table) => [
    index('two_factors_user_id_idx').on(table.userId),
    index('two_factors_secret_idx').on(table.secret),
  ],
);

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) of a base32 secret, as authenticator apps compute it. */
function totp(base32: string, now = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of base32.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30_000)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
  await t.database.query(MIGRATION_SQL);
});
afterAll(() => t.close());

describe('pluginTables: a Better Auth plugin with tables (twoFactor)', () => {
  it('enables, verifies and enforces TOTP with the tables the adopter migrated', async () => {
    const auth = t.makeAuth({
      appName: 'Acme',
      plugins: [twoFactor()],
      pluginTables: { users: usersWithTwoFactor, twoFactor: twoFactors },
    });
    const { email, jar, userId } = await signUp(auth);

    const enabled = await call(auth, 'POST', '/two-factor/enable', { body: { password: PASSWORD }, jar });
    expect(enabled.status).toBe(200);
    const uri = new URL((enabled.body as { totpURI: string }).totpURI);
    expect(uri.searchParams.get('issuer')).toBe('Acme');
    const rows = await t.database.query<{ verified: boolean }>(
      'SELECT verified FROM auth.two_factors WHERE user_id = $1',
      [userId],
    );
    expect(rows).toHaveLength(1);

    const code = totp(uri.searchParams.get('secret')!);
    const verified = await call(auth, 'POST', '/two-factor/verify-totp', { body: { code }, jar });
    expect(verified.status).toBe(200);
    const [user] = await t.database.query<{ two_factor_enabled: boolean }>(
      'SELECT two_factor_enabled FROM auth.users WHERE id = $1',
      [userId],
    );
    expect(user?.two_factor_enabled).toBe(true);

    // The password alone no longer gives a session.
    const { result, jar: second } = await signIn(auth, email);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ twoFactorRedirect: true });
    expect((await call(auth, 'GET', '/session', { jar: second })).status).toBe(401);
  });

  it('refuses a replacement of our table that lacks our columns, and tables of ours that are not extendable', () => {
    const bare = authSchema.table('users', { id: text('id').primaryKey() });
    const refused = (pluginTables: Record<string, unknown>) => {
      try {
        t.makeAuth({ pluginTables: pluginTables as never });
      } catch (error) {
        if (error instanceof ManaAuthConfigError) return error;
        throw error;
      }
      throw new Error('expected a ManaAuthConfigError');
    };
    expect(refused({ users: bare }).message).toMatch(/pluginTables\.users.*missing name, email/);
    expect(refused({ jwks: twoFactors }).field).toBe('pluginTables.jwks');
    expect(refused({ twoFactor: { secret: 'x' } }).message).toMatch(/drizzle table/);
    expect(() => t.makeAuth({ pluginTables: { users, twoFactor: twoFactors } })).not.toThrow();
  });
});
