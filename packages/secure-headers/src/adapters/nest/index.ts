export { ClearSiteData, CspNonce, SecureHeadersOverride } from './adapters/nest-decorators.js';
export { SecureHeadersInterceptor } from './adapters/nest-interceptor.js';
export { SecureHeadersMiddleware } from './adapters/nest-middleware.js';
export { SecureHeadersModule } from './adapters/nest-module.js';
export { SECURE_HEADERS, SECURE_HEADERS_OVERRIDES } from './adapters/nest-tokens.js';
