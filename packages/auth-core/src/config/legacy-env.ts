import type { ManaLog, ManaLogger } from '@mana/internal';
import { createAuthLog } from '../logging/auth-log.js';

const LEGACY_VARIABLES = ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'JWT_SECRET'] as const;
let warned = false;

/**
 * Says once per process (event `legacy_jwt_env_ignored`) that legacy JWT key variables are ignored: keys now live in
 * `auth.jwks`. Returns the names found (for tests and callers that want to fail instead).
 */
export function warnAboutLegacyJwtEnv(env: NodeJS.ProcessEnv = process.env, logger?: ManaLogger): string[] {
  return legacyJwtEnvWarning(createAuthLog(logger), env);
}

/** {@link warnAboutLegacyJwtEnv} writing to an instance's log (createAuthOptions). */
export function legacyJwtEnvWarning(log: ManaLog, env: NodeJS.ProcessEnv = process.env): string[] {
  const found = LEGACY_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '');
  if (found.length > 0 && !warned) {
    warned = true;
    log.warn(
      'legacy_jwt_env_ignored',
      `${found.join(', ')} ${found.length === 1 ? 'is' : 'are'} set but ignored: signing keys are ` +
        'Ed25519 keys generated into auth.jwks and rotated there. Remove the variable(s); see ' +
        'docs/migrating-from-jwt-env-keys.md.',
      { variables: found },
    );
  }
  return found;
}

/** Lets tests see the warning again. */
export function resetLegacyJwtEnvWarning(): void {
  warned = false;
}
