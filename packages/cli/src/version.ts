declare const __MANA_VERSION__: string;

/** The version of `@mana/cli` (`mana-auth --version`). */
export const CLI_VERSION: string = typeof __MANA_VERSION__ === 'string' ? __MANA_VERSION__ : '0.0.0-source';
