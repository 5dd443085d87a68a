import { afterAll, describe, expect, it } from 'vitest';
import { containerRuntimeAnswers, createTestDatabase, type TestDatabase } from './index.js';

describe('createTestDatabase', () => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
  });

  it('gives each caller its own empty database', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    opened.push(a, b);
    await a.query('CREATE TABLE only_in_a (id int)');
    const inB = await b.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'only_in_a'",
    );
    expect(inB.rows[0]?.n).toBe(0);
    if (process.env.TEST_DATABASE_URL) {
      expect(a.kind).toBe('postgres');
      expect(a.url).not.toBe(b.url);
    }
  });

  it('drops the database on close', async () => {
    if (!process.env.TEST_DATABASE_URL) return;
    const db = await createTestDatabase();
    await db.close();
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const res = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
    await admin.end();
    expect(res.rowCount).toBe(0);
  });

  it('fails fast when no container runtime answers', async () => {
    const started = performance.now();
    const previous = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    try {
      expect(await containerRuntimeAnswers()).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previous;
    }
    expect(performance.now() - started).toBeLessThan(2500);
  });
});
