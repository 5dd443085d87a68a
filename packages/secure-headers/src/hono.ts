export {
  secureHeaders,
  setClearSiteData,
  type HonoSecureHeaders,
  type SecureHeadersVariables,
} from './adapters/hono-middleware.js';
