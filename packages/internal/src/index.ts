// The shared internals of the @mana packages. Bundled into each published package by the tsup
// preset (tsup-preset.ts); never published on its own. List exports by name.
export type { ManaErrorCode } from './errors/error-codes.js';
export type { ManaErrorOptions } from './errors/mana-error.js';
export { ManaError } from './errors/mana-error.js';
export { CookieJar } from './http/cookie-jar.js';
export { describeValue } from './options/describe-value.js';
export { closest, didYouMean } from './options/did-you-mean.js';
export type { RejectUnknownKeysOptions, UnknownKey } from './options/reject-unknown-keys.js';
export { findUnknownKey, rejectUnknownKeys } from './options/reject-unknown-keys.js';
