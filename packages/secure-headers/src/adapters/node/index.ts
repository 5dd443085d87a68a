// `@mana/secure-headers/node`: Connect-style middleware for `node:http`, Express and anything
// that hands out Node's `req`/`res` (README, "Express / Connect / Node `http`").
export { setClearSiteData } from './clear-site-data.js';
export type { NodeMiddleware, SecureHeadersMiddleware } from './middleware.js';
export { cspNonce, secureHeaders } from './middleware.js';
