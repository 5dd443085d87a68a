export { setClearSiteData } from './adapters/node-clear-site-data.js';
export {
  cspNonce,
  secureHeaders,
  type NodeMiddleware,
  type SecureHeadersMiddleware,
} from './adapters/node-middleware.js';
