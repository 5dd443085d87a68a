// An existing Hono service on @hono/node-server adopting @mana/auth-core.
// Run by adoption/ from a fresh npm project; nothing here is special to the test.

import { serve } from '@hono/node-server';
import { consoleMailSender, createAuth, createAuthApi, createDatabase, migrate } from '@mana/auth-core';
import { manaAuthHono, requireAuth } from '@mana/auth-core/hono';
import { Hono } from 'hono';

const port = Number(process.env.PORT);
const baseURL = `http://127.0.0.1:${port}`;
const database = await createDatabase(process.env.DATABASE_URL);
await migrate(database);
// No clientIp option: the limiter must key on the socket address by itself.
const auth = createAuth({
  database,
  secret: process.env.AUTH_SECRET,
  baseURL,
  mailSender: consoleMailSender(),
});

const app = new Hono();
app.use(manaAuthHono(createAuthApi(auth, { database })));
app.get('/api/me', requireAuth(auth), (c) => c.json({ email: c.get('user').email }));

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () =>
  console.log(JSON.stringify({ listening: port })),
);
process.on('SIGTERM', () => server.close(() => database.close().then(() => process.exit(0))));
