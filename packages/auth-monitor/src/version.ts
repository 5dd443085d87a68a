declare const __MANA_VERSION__: string | undefined;

/**
 * Version of `@mana/auth-monitor`, stamped in at build time. Sent in the User-Agent header and
 * printed by `--version`.
 *
 * @example
 * ```ts
 * import { VERSION } from './version.js';
 * console.log(`mana-auth-monitor/${VERSION}`);
 * ```
 */
export const VERSION: string = typeof __MANA_VERSION__ === 'string' ? __MANA_VERSION__ : '0.0.0-dev';
