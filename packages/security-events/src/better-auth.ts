export { SIGN_IN_PREFIXES } from './better-auth/flows.js';
export type {
  AccessTokenRefusalReason,
  AccessTokenRefusedEvent,
  AccountLockedEvent,
  ManaHooks,
  OriginRefusedEvent,
  RateLimitedEvent,
} from './better-auth/mana-hooks.js';
export type { SecurityEventsPluginOptions } from './better-auth/plugin-options.js';
export type { SecurityEventsPlugin, SecurityEventsSink } from './better-auth/security-events-plugin.js';
export { securityEvents } from './better-auth/security-events-plugin.js';
