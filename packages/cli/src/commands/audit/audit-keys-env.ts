import type { AuditKeyInput } from '@mana/security-events';
import { CliUsageError } from '../../cli-error.js';
import type { CliContext } from '../../context.js';

/**
 * The private audit key from `AUDIT_SIGNING_KEY`: the PEM (PKCS#8) text of the service's
 * `integrity.signingKey`, or its JWK as JSON. Environment only (a flag would show in `ps`).
 * Throws a usage error naming the variable when it is not set.
 */
export function auditSigningKey(context: CliContext, why: string): AuditKeyInput {
  const value = context.env.AUDIT_SIGNING_KEY?.trim();
  if (!value)
    throw new CliUsageError(
      `${why} needs the audit signing key`,
      "set AUDIT_SIGNING_KEY to the service's integrity.signingKey (Ed25519 private key, PKCS#8 PEM or JWK JSON)",
    );
  return value.startsWith('{') ? parseJwk(value) : value;
}

/**
 * The commitment key from `AUDIT_COMMIT_KEY`: the service's `integrity.commitKey` (the same text).
 * Throws a usage error naming the variable when it is not set.
 */
export function auditCommitKey(context: CliContext, why: string): string {
  const value = context.env.AUDIT_COMMIT_KEY;
  if (!value)
    throw new CliUsageError(
      `${why} needs the audit commitment key`,
      "set AUDIT_COMMIT_KEY to the service's integrity.commitKey (the same text, at least 32 bytes)",
    );
  return value;
}

function parseJwk(text: string): AuditKeyInput {
  try {
    return JSON.parse(text) as AuditKeyInput;
  } catch (error) {
    throw new CliUsageError(
      'AUDIT_SIGNING_KEY is neither PEM nor JSON',
      'give the PKCS#8 PEM text or the JWK',
      {
        cause: error,
      },
    );
  }
}
