// A resource server that only verifies access tokens issued by another app, through its JWKS URL.
// It installs the verifier alone: no better-auth, pg or PGlite may end up in its node_modules.
import { createServer } from 'node:http';
import { AccessTokenError, createAccessTokenVerifier } from '@mana/verify';

const port = Number(process.env.PORT);
const issuer = process.env.AUTH_URL;
const verify = createAccessTokenVerifier({ jwksUrl: `${issuer}/api/v1/auth/jwks`, issuer, audience: issuer });

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const server = createServer(async (req, res) => {
  if (req.url !== '/api/data') return send(res, 404, { error: { code: 'NOT_FOUND' } });
  const [scheme, token] = (req.headers.authorization ?? '').split(' ');
  if (scheme !== 'Bearer' || !token) return send(res, 401, { error: { code: 'UNAUTHORIZED' } });
  try {
    const claims = await verify(token);
    send(res, 200, { sub: claims.sub, email: claims.email });
  } catch (error) {
    if (!(error instanceof AccessTokenError)) throw error;
    send(res, 401, { error: { code: error.code } });
  }
});
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ listening: port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
