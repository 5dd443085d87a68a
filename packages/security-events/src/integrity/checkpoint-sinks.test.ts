import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigratedDatabase } from '../../test/helpers.js';
import { auditKeys, openIntegrityDatabase } from '../../test/integrity-fixture.js';
import { SecurityEventsService } from '../service/security-events-service.js';
import type { SecurityEventsLogEntry } from '../writer/logger.js';
import type { AuditCheckpoint } from './checkpoint.js';
import { postCheckpoint, writeCheckpointLines } from './checkpoint-sinks.js';
import { verifyAuditLog } from './verify/verify-audit-log.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: AuditCheckpoint;
}

/** A real HTTP receiver on loopback that answers `status()` and keeps what it accepted. */
async function receiver(status: () => number) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const code = status();
      if (code < 300) received.push({ headers: request.headers, body: JSON.parse(body) as AuditCheckpoint });
      response.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/anchor?token=secret-in-query`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('checkpoint sinks outside the database', () => {
  let db: MigratedDatabase;
  const keys = auditKeys();

  beforeAll(async () => {
    db = await openIntegrityDatabase();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('stdout-style lines and a webhook both receive the signed heads, which verify the log', async () => {
    const lines = new PassThrough();
    let text = '';
    lines.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    const hook = await receiver(() => 204);
    const sinks = [
      writeCheckpointLines(lines),
      postCheckpoint(hook.url, { headers: { authorization: 'Bearer anchor-token' } }),
    ];
    const service = new SecurityEventsService({
      database: db.database,
      logger: false,
      maxConcurrentWrites: 1,
      integrity: {
        commitKey: keys.commitKey,
        signingKey: keys.privateKey,
        checkpointSink: async (checkpoint) => {
          for (const sink of sinks) await sink(checkpoint);
        },
      },
    });
    try {
      for (let i = 0; i < 25; i++) await service.logEvent({ eventType: 'logout', userId: `u${i}` });
    } finally {
      await service.close();
      await hook.close();
    }
    const fromLines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditCheckpoint);
    expect(fromLines.length).toBeGreaterThan(0);
    expect(hook.received.map((entry) => entry.body)).toEqual(fromLines);
    expect(hook.received[0]?.headers.authorization).toBe('Bearer anchor-token');
    expect(hook.received[0]?.headers['content-type']).toBe('application/json');
    const result = await verifyAuditLog(db.database, {
      publicKey: keys.publicKey,
      commitKey: keys.commitKey,
      checkpoints: fromLines,
    });
    expect(result.ok).toBe(true);
  });

  it('a refusing or absent receiver is logged as checkpoint_failed, without query or headers, and writing goes on', async () => {
    const hook = await receiver(() => 503);
    const entries: SecurityEventsLogEntry[] = [];
    const service = new SecurityEventsService({
      database: db.database,
      logger: (entry) => entries.push(entry),
      maxConcurrentWrites: 1,
      integrity: {
        commitKey: keys.commitKey,
        signingKey: keys.privateKey,
        checkpointSink: postCheckpoint(hook.url, { headers: { authorization: 'Bearer anchor-token' } }),
      },
    });
    await service.logEvent({ eventType: 'logout', userId: 'u-refused' });
    await service.close();
    await hook.close();
    expect(service.stats().written).toBe(1);
    const failed = entries.filter((entry) => entry.event === 'checkpoint_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.message).toMatch(/Checkpoint receiver http:\/\/127\.0\.0\.1:\d+\/anchor answered 503/);
    expect(JSON.stringify(entries)).not.toMatch(/secret-in-query|anchor-token/);

    const down = postCheckpoint(hook.url, { timeoutMs: 500 });
    await expect(down(JSON.parse('{"chainId":"x"}') as AuditCheckpoint)).rejects.toMatchObject({
      code: 'STREAM_SINK_UNAVAILABLE',
    });
  });

  it('refuses bad options by name', () => {
    expect(() => postCheckpoint('ftp://anchor.example/')).toThrow(
      /postCheckpoint url.*absolute http\(s\) URL/,
    );
    expect(() => postCheckpoint('not a url')).toThrow(/postCheckpoint url/);
    expect(() => postCheckpoint('https://anchor.example/', { timeoutMs: 5 })).toThrow(/timeoutMs/);
    // @ts-expect-error misspelt on purpose
    expect(() => postCheckpoint('https://anchor.example/', { header: {} })).toThrow(/header/);
    // @ts-expect-error not a stream on purpose
    expect(() => writeCheckpointLines({})).toThrow(/writable stream/);
  });
});
