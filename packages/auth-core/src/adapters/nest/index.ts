export type { AuthenticatedUser } from '../../tokens/request-authenticator.js';
export { CurrentUser, Public } from './decorators.js';
export { ManaAuthGuard } from './mana-auth.guard.js';
export type { ManaAuthModuleOptions } from './mana-auth.module.js';
export { ManaAuthModule } from './mana-auth.module.js';
export { IS_PUBLIC_KEY, MANA_AUTH_OPTIONS } from './tokens.js';
