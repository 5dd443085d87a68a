export { ClearSiteData, CspNonce, SecureHeadersOverride } from './decorators.js';
export { SecureHeadersInterceptor } from './interceptor.js';
export { SecureHeadersMiddleware } from './middleware.js';
export { SecureHeadersModule } from './module.js';
export { SECURE_HEADERS, SECURE_HEADERS_OVERRIDES } from './tokens.js';
