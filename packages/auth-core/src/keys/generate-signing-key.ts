import { randomUUID } from 'node:crypto';
import { symmetricEncrypt } from 'better-auth/crypto';
import { exportJWK, generateKeyPair } from 'jose';

/** A new Ed25519 key pair as `auth.jwks` stores it. */
export interface GeneratedSigningKey {
  id: string;
  /** The public JWK, JSON. */
  publicKey: string;
  /** The private JWK encrypted with the auth secret, as Better Auth's jwt plugin stores it. */
  privateKey: string;
}

/**
 * Generates an Ed25519 key pair and encrypts the private key with `secret` exactly as Better
 * Auth's jwt plugin does (`symmetricEncrypt`, JSON), so every instance configured with that
 * secret (`secret`, or kept as the oldest of `secrets`) decrypts it.
 */
export async function generateSigningKey(secret: string): Promise<GeneratedSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const encrypted = await symmetricEncrypt({
    key: secret,
    data: JSON.stringify(await exportJWK(privateKey)),
  });
  return {
    id: randomUUID(),
    publicKey: JSON.stringify(await exportJWK(publicKey)),
    privateKey: JSON.stringify(encrypted),
  };
}
