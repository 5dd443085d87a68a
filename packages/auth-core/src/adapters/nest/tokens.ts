/** Injection token of the {@link ManaAuthModuleOptions}. */
export const MANA_AUTH_OPTIONS = Symbol.for('mana-auth:options');
/** Metadata key set by `@Public()`. */
export const IS_PUBLIC_KEY = 'mana-auth:public';
