import type { SqlQuery } from '../database/create-database.js';

/**
 * A row of `<schema>.jwks`: Better Auth's columns (`expires_at` = when the key stops signing)
 * and the lifecycle columns of migration 0002 (`activates_at`, `published_until`, `revoked_at`).
 */
export interface SigningKeyRow extends Record<string, unknown> {
  id: string;
  public_key: string;
  private_key: string;
  created_at: Date;
  expires_at: Date | null;
  alg: string | null;
  crv: string | null;
  activates_at: Date | null;
  published_until: Date | null;
  revoked_at: Date | null;
}

/**
 * The advisory lock every key change takes (creation, rotation, revocation), the same number in
 * every instance and in the CLI, so that concurrent changes happen one after the other.
 */
export const SIGNING_KEY_LOCK = 7_305_118_275;

/** Only Ed25519 keys are ever served or used, whatever else a row may hold. */
export const isEd25519Row = (row: SigningKeyRow): boolean =>
  (row.alg === null || row.alg === 'EdDSA') && (row.crv === null || row.crv === 'Ed25519');

const asDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string);

/** Every Ed25519 row of `table`, newest first, with its timestamps as `Date`s. */
export async function readSigningKeyRows(query: SqlQuery, table: string): Promise<SigningKeyRow[]> {
  const rows = await query<SigningKeyRow>(`SELECT * FROM ${table} ORDER BY created_at DESC, id`);
  return rows.filter(isEd25519Row).map((row) => ({
    ...row,
    created_at: new Date(row.created_at),
    expires_at: asDate(row.expires_at),
    activates_at: asDate(row.activates_at),
    published_until: asDate(row.published_until),
    revoked_at: asDate(row.revoked_at),
  }));
}
