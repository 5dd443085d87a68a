export { CurrentUser, Public } from './adapters/nest/decorators.js';
export { ManaAuthGuard } from './adapters/nest/mana-auth.guard.js';
export type { ManaAuthModuleOptions } from './adapters/nest/mana-auth.module.js';
export { ManaAuthModule } from './adapters/nest/mana-auth.module.js';
export { IS_PUBLIC_KEY, MANA_AUTH_OPTIONS } from './adapters/nest/tokens.js';
export type { AuthenticatedUser } from './authenticate.js';
