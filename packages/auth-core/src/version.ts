declare const __MANA_VERSION__: string | undefined;

/** The version of `@mana/auth-core` (injected at build time from package.json). */
export const AUTH_CORE_VERSION: string =
  typeof __MANA_VERSION__ === 'string' ? __MANA_VERSION__ : '0.0.0-dev';
