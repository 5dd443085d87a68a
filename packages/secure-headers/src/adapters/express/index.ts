// `@mana/secure-headers/express`: Express runs Connect-style `(req, res, next)` middleware, which
// is what the Node adapter is, so this entry is the Node adapter under the name Express users
// look for (README, "Express / Connect / Node `http`").
export type { NodeMiddleware, SecureHeadersMiddleware } from '../node/index.js';
export { cspNonce, secureHeaders, setClearSiteData } from '../node/index.js';
