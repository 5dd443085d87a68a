import { createHash, timingSafeEqual } from 'node:crypto';
import type { MeterProvider as MeterProviderApi } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { NOT_FOUND_BODY } from './me.js';

/** What `GET /metrics` answers; each example sends it as it is. */
export interface MetricsAnswer {
  status: 200 | 403 | 404;
  headers: Record<string, string>;
  body: string;
}

/** The Prometheus endpoint of an example server (docs/operations.md, "Metrics"). */
export interface MetricsEndpoint {
  /** Pass to `createAuth({ meterProvider })` and `new SecurityEventsService({ meterProvider })`. */
  meterProvider: MeterProviderApi;
  /**
   * The answer to `GET /metrics` from a client whose IP the auth instance resolved (`clientIp`
   * rules: the socket address, or from a trusted proxy the forwarded one).
   */
  answer(clientIp: string | null, headers: Headers): Promise<MetricsAnswer>;
  close(): Promise<void>;
}

/** The exposition format the Prometheus exporter writes. */
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

const FORBIDDEN_BODY = JSON.stringify({
  error: { code: 'FORBIDDEN', message: 'Send Authorization: Bearer <METRICS_TOKEN>.' },
});

/** 127.0.0.0/8 and ::1 (the resolver writes IPv4-mapped IPv6 as IPv4). */
export function isLoopback(ip: string | null): boolean {
  return ip !== null && (ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip));
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether `authorization` is `Bearer <token>`, compared in constant time (digests of equal length). */
function bearerMatches(authorization: string | null, token: Buffer): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), token);
}

/**
 * A meter provider whose metrics `GET /metrics` serves in Prometheus text format, through
 * `@opentelemetry/exporter-prometheus` without its own HTTP server. Who may read them:
 * - a client whose resolved IP is loopback (127.0.0.0/8, ::1), always;
 * - with `token` (`METRICS_TOKEN`), any client sending `Authorization: Bearer <token>`; others
 *   get 403, since the endpoint is meant to be reachable and a scraper with a wrong token should
 *   learn that it is refused, not that it has the wrong URL;
 * - without `token`, others get the 404 of any unknown route: the endpoint does not exist
 *   for them, and a scanner learns nothing.
 * Behind a proxy, "loopback" is judged on the IP the auth instance resolved: a request that a
 * trusted proxy on this host forwards for a remote client is that client's, not loopback. A
 * proxy on this host that is not in `TRUSTED_PROXIES` makes every request it forwards look
 * local: list it, set `METRICS_TOKEN`, or keep `/metrics` off the proxy.
 *
 * @example
 * ```ts
 * const metrics = createMetricsEndpoint(process.env.METRICS_TOKEN);
 * const auth = createAuth({ ...config, meterProvider: metrics.meterProvider });
 * const { status, headers, body } = await metrics.answer('127.0.0.1', request.headers);
 * ```
 */
export function createMetricsEndpoint(token: string | undefined): MetricsEndpoint {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  const serializer = new PrometheusSerializer();
  const tokenDigest = token === undefined ? undefined : digest(token);
  return {
    meterProvider,
    async answer(clientIp, headers) {
      const allowed =
        isLoopback(clientIp) ||
        (tokenDigest !== undefined && bearerMatches(headers.get('authorization'), tokenDigest));
      if (!allowed) {
        const json = { 'content-type': 'application/json', 'cache-control': 'no-store' };
        return tokenDigest === undefined
          ? { status: 404, headers: json, body: JSON.stringify(NOT_FOUND_BODY) }
          : { status: 403, headers: json, body: FORBIDDEN_BODY };
      }
      const { resourceMetrics } = await exporter.collect();
      return {
        status: 200,
        headers: { 'content-type': PROMETHEUS_TEXT, 'cache-control': 'no-store' },
        body: serializer.serialize(resourceMetrics),
      };
    },
    close: () => meterProvider.shutdown(),
  };
}
