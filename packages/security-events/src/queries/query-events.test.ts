import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/helpers.js';
import { SecurityEventsService } from '../service/security-events-service.js';

const USERS = 1000;
const ROWS = 100_000;
const TYPES = [
  'login_success',
  'login_failure',
  'logout',
  'token_refresh',
  'password_change',
  'session_revoked',
];

/** The plan of a query, as text; throws when it scans security_events sequentially. */
async function plan(db: MigratedDatabase, sql: string, params: unknown[] = []): Promise<string> {
  const rows = await db.database.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('queries on 100k events', () => {
  let db: MigratedDatabase;
  let service: SecurityEventsService;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    await db.database.query(
      `INSERT INTO auth.users (id, name, email) SELECT 'user-' || g, 'User ' || g, 'user' || g || '@example.test' FROM generate_series(1, ${USERS}) g`,
    );
    // 100k events spread over 30 days, users and types; login_failure rows carry no user id.
    await db.database.query(
      `INSERT INTO auth.security_events (user_id, event_type, ip_address, user_agent, metadata, created_at)
       SELECT CASE WHEN t.type = 'login_failure' THEN NULL ELSE 'user-' || (1 + g % ${USERS}) END,
              t.type, '198.51.100.' || (g % 250), 'bench-agent',
              CASE WHEN t.type = 'login_failure' THEN '{"reason":"invalid_credentials"}'::jsonb END,
              now() - (g * interval '30 days' / ${ROWS})
       FROM generate_series(1, ${ROWS}) g
       CROSS JOIN LATERAL (SELECT (ARRAY['${TYPES.join("','")}'])[1 + g % ${TYPES.length}] AS type) t`,
    );
    await db.database.query('ANALYZE auth.security_events');
    service = new SecurityEventsService({ database: db.database, logger: false });
  });
  afterAll(async () => {
    await service.close();
    await db.close();
  });

  it("the spec's first query (a user's recent events) uses the user index", async () => {
    const sql =
      "SELECT * FROM auth.security_events WHERE user_id = 'user-42' ORDER BY created_at DESC LIMIT 10";
    const text = await plan(db, sql);
    expect(text).toMatch(/Index Scan Backward using security_events_user_id_created_at_idx/);
    expect(text).not.toMatch(/Seq Scan/);
    expect(text).not.toMatch(/Sort/);
    const specRows = await db.database.query<{ id: string }>(sql.replace('SELECT *', 'SELECT id::text'));
    const mine = await service.recentForUser('user-42', { limit: 10 });
    expect(mine.map((e) => e.id)).toEqual(specRows.map((r) => r.id));
    expect(mine).toHaveLength(10);
    expect(mine[0]).toMatchObject({
      userId: 'user-42',
      ipAddress: expect.stringMatching(/^198\.51\.100\./),
      userAgent: 'bench-agent',
    });
    expect(mine[0]?.createdAt).toBeInstanceOf(Date);
  });

  it("the spec's second query (failures in the last 24 hours) uses the type index", async () => {
    const sql =
      "SELECT * FROM auth.security_events WHERE event_type = 'login_failure' AND created_at > NOW() - INTERVAL '24 hours'";
    const text = await plan(db, sql);
    expect(text).toMatch(/security_events_event_type_created_at_idx/);
    expect(text).not.toMatch(/Seq Scan/);
    const specIds = (await db.database.query<{ id: string }>(sql.replace('SELECT *', 'SELECT id::text'))).map(
      (r) => r.id,
    );
    expect(specIds.length).toBeGreaterThan(400);
    const mine = await service.failuresSince('login_failure', '24h');
    expect(new Set(mine.map((e) => e.id))).toEqual(new Set(specIds));
    expect(mine.every((e) => e.eventType === 'login_failure' && e.userId === null)).toBe(true);
    expect(mine[0]?.metadata).toEqual({ reason: 'invalid_credentials' });
  });

  it('pages with a keyset cursor: no row twice, none skipped, newest first, even while events arrive', async () => {
    const all = await db.database.query<{ id: string }>(
      "SELECT id::text FROM auth.security_events WHERE user_id = 'user-7' ORDER BY created_at DESC, id DESC",
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await service.query({ userId: 'user-7', limit: 7, cursor });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
      if (pages++ === 1) {
        // A new event between two pages must not shift the following pages.
        await service.logEvent({ eventType: 'logout', userId: 'user-7' });
        await service.flush();
      }
    } while (cursor);
    expect(seen).toEqual(all.map((r) => r.id));
    expect(pages).toBe(Math.ceil(all.length / 7));
  });

  it('uses an index for a deep keyset page', async () => {
    const first = await service.query({ userId: 'user-9', limit: 50 });
    const sql = `SELECT id FROM auth.security_events WHERE user_id = $1 AND (created_at, id) < ($2::timestamptz, $3::uuid)
      ORDER BY created_at DESC, id DESC LIMIT 51`;
    const last = first.events[first.events.length - 1];
    const text = await plan(db, sql, ['user-9', last?.createdAt.toISOString(), last?.id]);
    expect(text).toMatch(/Index Cond: \(\(user_id = 'user-9'::text\) AND \(ROW\(created_at, id\) < ROW/);
    expect(text).toMatch(/security_events_user_id_created_at_idx/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it("plans the service's own keyset pages (first and deep, with and without a user) as index scans, no sort", async () => {
    // A recording executor in front of the real database: EXPLAIN exactly what query() sends.
    const sent: { sql: string; params: unknown[] }[] = [];
    const recording = new SecurityEventsService({
      database: {
        query: (sql: string, params?: unknown[]) => {
          sent.push({ sql, params: params ?? [] });
          return db.database.query(sql, params);
        },
      },
      logger: false,
    });
    const planOfNext = async (filter: { userId?: string; cursor?: string | null }) => {
      sent.length = 0;
      const page = await recording.query({ ...filter, limit: 50 });
      const last = sent.findLast((s) => /ORDER BY/.test(s.sql));
      if (!last) throw new Error('query() sent no ORDER BY statement');
      return { page, text: await plan(db, last.sql, last.params) };
    };
    try {
      const first = await planOfNext({});
      expect(first.text).toMatch(/Index Scan Backward using security_events_created_at_idx/);
      const deep = await planOfNext({ cursor: first.page.nextCursor });
      expect(deep.text).toMatch(/Index Scan Backward using security_events_created_at_idx/);
      expect(deep.text).toMatch(/Index Cond: \(ROW\(created_at, id\) < ROW/);
      const mine = await planOfNext({ userId: 'user-9' });
      const mineDeep = await planOfNext({ userId: 'user-9', cursor: mine.page.nextCursor });
      // A user's ~100 rows: the planner may fetch them by the user index and sort the few left.
      expect(mineDeep.text).toMatch(/security_events_user_id_created_at_idx/);
      expect(mineDeep.text).toMatch(
        /Index Cond: \(\(user_id = 'user-9'::text\) AND \(ROW\(created_at, id\) < ROW/,
      );
      for (const { text } of [first, deep, mine, mineDeep]) {
        expect(text).not.toMatch(/Seq Scan/);
        expect(text).not.toMatch(/Sort Key: .*(to_char|::text)/);
      }
      for (const { text } of [first, deep]) expect(text).not.toMatch(/Sort/);
      expect(deep.page.events[0]?.createdAt.getTime()).toBeLessThanOrEqual(
        first.page.events[49]?.createdAt.getTime() ?? Number.NaN,
      );
    } finally {
      await recording.close();
    }
  });

  it('filters by types, since and until', async () => {
    const until = new Date(Date.now() - 2.5 * 86_400_000);
    const since = new Date(Date.now() - 3 * 86_400_000);
    const page = await service.query({ types: ['logout', 'password_change'], since, until, limit: 1000 });
    const [expected] = await db.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM auth.security_events WHERE event_type IN ('logout','password_change') AND created_at >= $1 AND created_at < $2",
      [since, until],
    );
    expect(expected?.n).toBeGreaterThan(100);
    expect(page.events).toHaveLength(expected?.n ?? -1);
    expect(page.nextCursor).toBeNull();
    expect(page.events.every((e) => ['logout', 'password_change'].includes(e.eventType))).toBe(true);
    expect(page.events.every((e) => e.createdAt >= since && e.createdAt < until)).toBe(true);
  });

  it('refuses a bad cursor, limit or duration with what to pass instead', async () => {
    await expect(service.query({ cursor: 'garbage' })).rejects.toThrow(/Invalid cursor: pass the nextCursor/);
    await expect(service.query({ limit: 0 })).rejects.toThrow(/limit must be a whole number from 1 to 1000/);
    await expect(service.query({ types: [] })).rejects.toThrow(/types must be a non-empty array/);
    await expect(service.failuresSince('login_failure', '3 fortnights' as never)).rejects.toThrow(
      /Invalid since.*'24h'/,
    );
  });
});
