import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { invalidOption } from '../errors.js';

/**
 * An Ed25519 audit key: a `KeyObject`, PEM text (PKCS#8 private or SPKI public) or a JWK
 * (`{ kty: 'OKP', crv: 'Ed25519', x, d? }`). Use a dedicated key, never a JWT signing key.
 *
 * @example
 * ```ts
 * const key: AuditKeyInput = readFileSync('/run/secrets/audit-key.pem', 'utf8');
 * ```
 */
export type AuditKeyInput = KeyObject | string | JsonWebKey;

function toKey(input: AuditKeyInput, type: 'private' | 'public', option: string): KeyObject {
  try {
    let key: KeyObject;
    if (typeof input === 'string')
      key = type === 'private' ? createPrivateKey(input) : createPublicKey(input);
    else if (isKeyObject(input))
      key = input.type === 'private' && type === 'public' ? createPublicKey(input) : input;
    else
      key =
        type === 'private'
          ? createPrivateKey({ key: input, format: 'jwk' })
          : createPublicKey({ key: input, format: 'jwk' });
    if (key.asymmetricKeyType !== 'ed25519' || key.type !== type) throw new Error('not an Ed25519 key');
    return key;
  } catch {
    return invalidOption(
      option,
      typeof input === 'string' ? '(key text)' : input,
      `Pass an Ed25519 ${type} key as PEM, JWK or KeyObject, e.g. from generateAuditKeyPair().`,
    );
  }
}

function isKeyObject(value: unknown): value is KeyObject {
  return (
    typeof (value as { export?: unknown }).export === 'function' && 'asymmetricKeyType' in (value as object)
  );
}

/**
 * Imports the private audit key (validated: Ed25519, private). Throws `INVALID_OPTION` otherwise.
 *
 * @example
 * ```ts
 * const key = auditPrivateKey(pem, 'integrity.signingKey');
 * ```
 */
export function auditPrivateKey(input: AuditKeyInput, option = 'integrity.signingKey'): KeyObject {
  return toKey(input, 'private', option);
}

/**
 * Imports a public audit key (or derives it from a private one). Throws `INVALID_OPTION` otherwise.
 *
 * @example
 * ```ts
 * const key = auditPublicKey(publicPem, 'publicKey');
 * ```
 */
export function auditPublicKey(input: AuditKeyInput, option = 'publicKey'): KeyObject {
  return toKey(input, 'public', option);
}

/**
 * A short id of a public audit key: the first 16 base64url characters of SHA-256 of its SPKI.
 *
 * @example
 * ```ts
 * auditKeyId(publicKey); // 'Xq3...'
 * ```
 */
export function auditKeyId(key: KeyObject): string {
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(spki).digest('base64url').slice(0, 16);
}

/**
 * A fresh Ed25519 audit key pair as PEM text: keep the private key with the writer (secret
 * store), give the public key to auditors.
 *
 * @example
 * ```ts
 * const { privateKey, publicKey } = generateAuditKeyPair();
 * ```
 */
export function generateAuditKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}
