// An existing Express 5 service adopting @mana/auth-core: its own pg.Pool, its own schema name.
// Run by adoption/ from a fresh npm project; nothing here is special to the test.
import { consoleMailSender, createAuth, createAuthApi, createDatabase, migrate } from '@mana/auth-core';
import { manaAuthRouter, requireAuth } from '@mana/auth-core/express';
import express from 'express';
import pg from 'pg';

const port = Number(process.env.PORT);
const baseURL = `http://127.0.0.1:${port}`;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
const database = await createDatabase(pool, { schema: 'identity' });
await migrate(database);
// No clientIp option: the limiter must key on the socket address by itself.
const auth = createAuth({
  database,
  secret: process.env.AUTH_SECRET,
  baseURL,
  mailSender: consoleMailSender(),
});

const app = express();
app.use(express.json());
app.use(manaAuthRouter(createAuthApi(auth, { database })));
app.get('/api/me', requireAuth(auth), (req, res) => res.json({ email: req.user.email }));
app.get('/api/pool', async (_req, res) => {
  const { rows } = await pool.query('select current_database() as name');
  res.json(rows[0]);
});

const server = app.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ listening: port })));
process.on('SIGTERM', () =>
  server.close(() => Promise.all([database.close(), pool.end()]).then(() => process.exit(0))),
);
