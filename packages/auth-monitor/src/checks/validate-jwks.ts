import { createPublicKey } from 'node:crypto';

/**
 * One problem found in a JWKS document. `fail` problems make the `jwks` check fail, `warn`
 * problems make it warn.
 *
 * @example
 * ```ts
 * import type { JwksFinding } from './validate-jwks.js';
 * const finding: JwksFinding = { severity: 'warn', message: 'key #1 has no "kid".' };
 * ```
 */
export interface JwksFinding {
  /** How serious the problem is. */
  severity: 'fail' | 'warn';
  /** What is wrong and how to fix it. */
  message: string;
}

/**
 * The public facts of one published key, for reports.
 *
 * @example
 * ```ts
 * import type { JwkSummary } from './validate-jwks.js';
 * const key: JwkSummary = { kid: 'k1', kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' };
 * ```
 */
export interface JwkSummary {
  kid: string | null;
  kty: string | null;
  crv: string | null;
  alg: string | null;
  use: string | null;
}

/**
 * Result of {@link validateJwks}.
 *
 * @example
 * ```ts
 * import { validateJwks, type JwksValidation } from './validate-jwks.js';
 * const result: JwksValidation = validateJwks({ keys: [] });
 * console.log(result.findings[0]?.message);
 * ```
 */
export interface JwksValidation {
  /** Every key found, valid or not. */
  keys: JwkSummary[];
  /** Problems, worst first. Empty when the set is a clean EdDSA-only public JWKS. */
  findings: JwksFinding[];
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/**
 * Checks that a parsed JWKS document publishes only public EdDSA keys: `kty` `OKP`, `crv`
 * `Ed25519`, `alg` `EdDSA`, a 32-byte `x` that is a real Ed25519 point, no private members
 * (`d`, or RSA/symmetric secrets), a unique `kid`, and `use` `sig` when present. Any RSA, EC or
 * symmetric key fails: its presence re-opens algorithm-confusion attacks.
 *
 * @example
 * ```ts
 * import { generateKeyPairSync } from 'node:crypto';
 * import { validateJwks } from './validate-jwks.js';
 * const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
 * const { findings } = validateJwks({ keys: [{ ...jwk, kid: 'k1', alg: 'EdDSA', use: 'sig' }] });
 * console.log(findings.length); // 0
 * ```
 */
export function validateJwks(document: unknown): JwksValidation {
  if (!isObject(document) || !Array.isArray(document.keys)) {
    return {
      keys: [],
      findings: [
        {
          severity: 'fail',
          message:
            'The response is not a JWK Set: expected a JSON object with a "keys" array (RFC 7517 §5), e.g. {"keys":[{"kty":"OKP","crv":"Ed25519",...}]}.',
        },
      ],
    };
  }
  const keys: JwkSummary[] = [];
  const findings: JwksFinding[] = [];
  if (document.keys.length === 0) {
    findings.push({
      severity: 'fail',
      message:
        'The JWKS has no keys, so no access token can be verified. The auth service creates its EdDSA key on first use: issue one token (sign in once) or check that the jwks table is reachable.',
    });
  }
  document.keys.forEach((key, index) => {
    const label = `Key #${index + 1}${isObject(key) && typeof key.kid === 'string' ? ` (kid "${key.kid}")` : ''}`;
    if (!isObject(key)) {
      findings.push({
        severity: 'fail',
        message: `${label} is not a JSON object; every entry of "keys" must be a JWK.`,
      });
      return;
    }
    keys.push(summarize(key));
    findings.push(...checkKey(key, label));
  });
  findings.push(...duplicateKids(keys));
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fail' ? -1 : 1));
  return { keys, findings };
}

function checkKey(key: Record<string, unknown>, label: string): JwksFinding[] {
  const found: JwksFinding[] = [];
  const fail = (message: string) => found.push({ severity: 'fail', message: `${label} ${message}` });
  const warn = (message: string) => found.push({ severity: 'warn', message: `${label} ${message}` });
  const secrets = PRIVATE_MEMBERS.filter((member) => member in key);
  if (secrets.length > 0) {
    fail(
      `exposes private key material (${secrets.map((s) => `"${s}"`).join(', ')}). Anyone can now sign tokens: remove private members from the public JWKS at once, rotate the key and revoke sessions.`,
    );
  }
  if (key.kty !== 'OKP') {
    fail(
      `has kty ${JSON.stringify(key.kty)}; only OKP (Ed25519) keys may be published. Remove it: an RSA, EC or symmetric key next to the EdDSA key re-opens algorithm-confusion attacks.`,
    );
  } else if (key.crv !== 'Ed25519') {
    fail(`has crv ${JSON.stringify(key.crv)}; expected "Ed25519" (EdDSA signing keys only).`);
  } else if (!validEd25519X(key)) {
    fail(
      'has an "x" that is not a base64url-encoded 32-byte Ed25519 public key; re-export the key with format "jwk".',
    );
  }
  if (key.alg === undefined)
    warn('has no "alg"; publish "alg": "EdDSA" so that verifiers pin the algorithm.');
  else if (key.alg !== 'EdDSA') fail(`has alg ${JSON.stringify(key.alg)}; only "EdDSA" may be published.`);
  if (typeof key.kid !== 'string' || key.kid.length === 0) {
    warn(
      'has no "kid"; without it verifiers cannot pick the right key after a rotation. Publish a unique kid.',
    );
  }
  if (key.use !== undefined && key.use !== 'sig') {
    fail(`has use ${JSON.stringify(key.use)}; a token-verification key must have "use": "sig".`);
  }
  if (Array.isArray(key.key_ops) && key.key_ops.some((op) => op !== 'verify')) {
    warn(`has key_ops ${JSON.stringify(key.key_ops)}; a published key should only allow ["verify"].`);
  }
  return found;
}

function validEd25519X(key: Record<string, unknown>): boolean {
  if (typeof key.x !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(key.x)) return false;
  try {
    createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.x }, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}

function duplicateKids(keys: readonly JwkSummary[]): JwksFinding[] {
  const counts = new Map<string, number>();
  for (const { kid } of keys) if (kid) counts.set(kid, (counts.get(kid) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(([kid, count]) => ({
      severity: 'fail' as const,
      message: `kid "${kid}" is used by ${count} keys; verifiers cannot tell them apart. Give every key a unique kid.`,
    }));
}

function summarize(key: Record<string, unknown>): JwkSummary {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    kid: text(key.kid),
    kty: text(key.kty),
    crv: text(key.crv),
    alg: text(key.alg),
    use: text(key.use),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
