// An existing Express 5 service adopting @mana/auth-core: its own pg.Pool, its own schema name.
// Run by adoption/ from a fresh npm project; every `ADOPT(part X)` line changes when that part lands.
import {
  consoleMailSender,
  createAuth,
  createAuthApi,
  createDatabase,
  createRequestAuthenticator,
  migrate,
} from '@mana/auth-core';
import { manaAuthRouter } from '@mana/auth-core/express';
import express from 'express';
import pg from 'pg';

const port = Number(process.env.PORT);
const baseURL = `http://127.0.0.1:${port}`;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
// ADOPT(part D): const database = await createDatabase(pool, { schema: 'identity' });
const database = await createDatabase(process.env.DATABASE_URL);
await migrate(database);
// No clientIp option: the limiter must key on the socket address by itself.
const auth = createAuth({
  database,
  secret: process.env.AUTH_SECRET,
  baseURL,
  mailSender: consoleMailSender(),
});

// ADOPT(part C): import { requireAuth } from '@mana/auth-core/express' and use requireAuth(auth).
const authenticate = createRequestAuthenticator(auth); // ADOPT(part C): remove
const requireAuth = () => async (req, res, next) => {
  const user = await authenticate(new Headers(req.headers)); // ADOPT(part C): remove
  if (!user) return res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'Sign in first.' } });
  req.user = user;
  next();
};

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
