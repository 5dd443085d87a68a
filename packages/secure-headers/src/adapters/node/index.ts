export { setClearSiteData } from './adapters/node-clear-site-data.js';
export {
  cspNonce,
  type NodeMiddleware,
  type SecureHeadersMiddleware,
  secureHeaders,
} from './adapters/node-middleware.js';
