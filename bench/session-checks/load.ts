/**
 * The load generator of bench/session-checks, run in its own process: autocannon's API with
 * the same settings for every row; with `tokensFile`, each request carries the next token of
 * the file (`Authorization: Bearer ...`), cycling.
 *
 *   tsx load.ts '{"url":"http://127.0.0.1:3000/","seconds":8,"connections":8,"headers":{}}'
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface LoadSpec {
  url: string;
  seconds: number;
  connections: number;
  headers: Record<string, string>;
  tokensFile?: string;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const tokens = spec.tokensFile ? (JSON.parse(readFileSync(spec.tokensFile, 'utf8')) as string[]) : [];
let next = 0;
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.seconds,
  headers: spec.headers,
  ...(tokens.length
    ? {
        requests: [
          {
            setupRequest: (request: { headers: Record<string, string> }) => {
              request.headers = {
                ...request.headers,
                authorization: `Bearer ${tokens[next++ % tokens.length]}`,
              };
              return request;
            },
          },
        ],
      }
    : {}),
});
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  }),
);
