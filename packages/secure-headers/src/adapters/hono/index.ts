export {
  type HonoSecureHeaders,
  type SecureHeadersVariables,
  secureHeaders,
  setClearSiteData,
} from './middleware.js';
