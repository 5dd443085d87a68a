export {
  type HonoSecureHeaders,
  type SecureHeadersVariables,
  secureHeaders,
  setClearSiteData,
} from './adapters/hono-middleware.js';
