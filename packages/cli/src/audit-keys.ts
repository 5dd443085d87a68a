// The audit log's keys (docs/audit-integrity.md), loaded the same way by every audit command:
// a file named by a flag first, else a variable holding the PEM text itself.
import { createPrivateKey, createPublicKey, type JsonWebKeyInput, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CliUsageError } from './cli-error.js';
import type { CliFlag } from './command.js';
import type { CliContext } from './context.js';

/**
 * The variables of the audit keys, the names the example servers read too:
 * - `AUDIT_SIGNING_KEY`: the Ed25519 private key (PKCS#8 PEM text) of `integrity.signingKey`;
 * - `AUDIT_PUBLIC_KEY`: its public key (SPKI PEM text), all a verifier of proofs needs;
 * - `AUDIT_COMMIT_KEY`: `integrity.commitKey` (at least 32 bytes), needed by `audit verify`
 *   and `audit prove`.
 *
 * @example
 * ```ts
 * const pem = context.env[AUDIT_KEY_ENV.signingKey];
 * ```
 */
export const AUDIT_KEY_ENV = {
  signingKey: 'AUDIT_SIGNING_KEY',
  publicKey: 'AUDIT_PUBLIC_KEY',
  commitKey: 'AUDIT_COMMIT_KEY',
} as const;

/** `--public-key <file>`: the public audit key's PEM file (default: $AUDIT_PUBLIC_KEY). */
export const AUDIT_PUBLIC_KEY_FLAG: CliFlag = {
  name: 'public-key',
  type: 'string',
  valueName: '<file>',
  description:
    'PEM file of the public audit key (default: $AUDIT_PUBLIC_KEY, else the public half of $AUDIT_SIGNING_KEY)',
};

/** `--signing-key <file>`: the private audit key's PEM file (default: $AUDIT_SIGNING_KEY). */
export const AUDIT_SIGNING_KEY_FLAG: CliFlag = {
  name: 'signing-key',
  type: 'string',
  valueName: '<file>',
  description: 'PEM file of the private audit key (default: $AUDIT_SIGNING_KEY)',
};

const KEYGEN_FIX = 'run "mana-auth audit keygen" to make a pair, see docs/audit-integrity.md';

function readKeyFile(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(
      `--${flag} ${JSON.stringify(path)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'pass the path of a readable PEM file',
      { cause: error },
    );
  }
}

// PEM text, or a JWK as JSON (the other form the library's AuditKeyInput takes).
function parseKey(text: string, type: 'private' | 'public'): KeyObject {
  const trimmed = text.trim();
  const input: string | JsonWebKeyInput = trimmed.startsWith('{')
    ? { key: JSON.parse(trimmed) as JsonWebKeyInput['key'], format: 'jwk' }
    : trimmed;
  return type === 'private' ? createPrivateKey(input) : createPublicKey(input);
}

function toEd25519(text: string, type: 'private' | 'public', origin: string): KeyObject {
  let key: KeyObject | undefined;
  try {
    key = parseKey(text, type);
  } catch {
    key = undefined;
  }
  if (key?.asymmetricKeyType !== 'ed25519' || key.type !== type) {
    throw new CliUsageError(
      `${origin} is not an Ed25519 ${type} key (PEM or JWK JSON)`,
      `give the ${type === 'private' ? 'audit-private.pem' : 'audit-public.pem'} file of the audit key pair; ${KEYGEN_FIX}`,
    );
  }
  return key;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/**
 * The private audit key: the file of `--<flag>` (default `signing-key`), else the PEM text in
 * `AUDIT_SIGNING_KEY`. A missing, unreadable or non-Ed25519 key is a usage error (exit 2).
 *
 * @example
 * ```ts
 * const signingKey = loadAuditSigningKey(context); // for SecurityEventsService({ integrity: { signingKey } })
 * ```
 */
export function loadAuditSigningKey(context: CliContext, flag = AUDIT_SIGNING_KEY_FLAG.name): KeyObject {
  const path = context.flags[flag];
  if (typeof path === 'string') return toEd25519(readKeyFile(path, flag), 'private', `--${flag} ${path}`);
  const pem = nonEmpty(context.env[AUDIT_KEY_ENV.signingKey]);
  if (pem !== undefined) return toEd25519(pem, 'private', `$${AUDIT_KEY_ENV.signingKey}`);
  throw new CliUsageError(
    `no private audit key: neither --${flag} nor $${AUDIT_KEY_ENV.signingKey} is set`,
    `set ${AUDIT_KEY_ENV.signingKey} to the PEM text of the service's integrity.signingKey, or pass --${flag} <file>`,
  );
}

/**
 * The public audit key: the file of `--<flag>` (default `public-key`), else the PEM text in
 * `AUDIT_PUBLIC_KEY`, else (when `fromSigningKey` is not false) the public half of
 * `AUDIT_SIGNING_KEY`. A missing, unreadable or non-Ed25519 key is a usage error (exit 2).
 *
 * @example
 * ```ts
 * const publicKey = loadAuditPublicKey(context, { fromSigningKey: false }); // offline: a file or $AUDIT_PUBLIC_KEY only
 * ```
 */
export function loadAuditPublicKey(
  context: CliContext,
  options: { flag?: string; fromSigningKey?: boolean } = {},
): KeyObject {
  const flag = options.flag ?? AUDIT_PUBLIC_KEY_FLAG.name;
  const path = context.flags[flag];
  if (typeof path === 'string') return toEd25519(readKeyFile(path, flag), 'public', `--${flag} ${path}`);
  const pem = nonEmpty(context.env[AUDIT_KEY_ENV.publicKey]);
  if (pem !== undefined) return toEd25519(pem, 'public', `$${AUDIT_KEY_ENV.publicKey}`);
  const privatePem =
    options.fromSigningKey === false ? undefined : nonEmpty(context.env[AUDIT_KEY_ENV.signingKey]);
  if (privatePem !== undefined)
    return createPublicKey(toEd25519(privatePem, 'private', `$${AUDIT_KEY_ENV.signingKey}`));
  throw new CliUsageError(
    `no public audit key: neither --${flag} nor $${AUDIT_KEY_ENV.publicKey} is set`,
    `pass --${flag} <file> with the audit-public.pem of the log (or set ${AUDIT_KEY_ENV.publicKey} to its PEM text)`,
  );
}

/**
 * The commitment key of the log (`integrity.commitKey`) from `AUDIT_COMMIT_KEY` (environment
 * only: a flag would show in `ps`); missing or shorter than 32 bytes is a usage error (exit 2).
 *
 * @example
 * ```ts
 * const commitKey = loadAuditCommitKey(context);
 * ```
 */
export function loadAuditCommitKey(context: CliContext): string {
  const key = nonEmpty(context.env[AUDIT_KEY_ENV.commitKey]);
  if (key === undefined || Buffer.byteLength(key, 'utf8') < 32) {
    throw new CliUsageError(
      key === undefined
        ? `no commitment key: $${AUDIT_KEY_ENV.commitKey} is not set`
        : `$${AUDIT_KEY_ENV.commitKey} is shorter than 32 bytes`,
      `set ${AUDIT_KEY_ENV.commitKey} to the service's integrity.commitKey (the same value the writer uses)`,
    );
  }
  return key;
}
