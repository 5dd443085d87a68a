import { httpSink, type StreamFormat, type StreamSink, syslogSink } from '@mana/security-events';
import { CliUsageError } from '../../cli-error.js';
import type { CliOutput } from '../../output.js';

/**
 * The sink named by `--to`: stdout when absent, `syslog+tcp://host:port`, or an `http(s)://` URL.
 * `AUDIT_STREAM_AUTHORIZATION`, when set, is sent as the HTTP `Authorization` header (kept out of
 * the command line, where `ps` shows it).
 *
 * @example
 * ```ts
 * const sink = streamTarget('syslog+tcp://127.0.0.1:5514', 'cef', context.out, context.env);
 * ```
 */
export function streamTarget(
  to: string | undefined,
  format: StreamFormat,
  out: CliOutput,
  env: Readonly<Record<string, string | undefined>>,
): StreamSink {
  if (to === undefined)
    return { send: (batch) => out.write(`${batch.lines.join('\n')}\n`), async close() {} };
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw badTarget(to);
  }
  if (url.protocol === 'syslog+tcp:') {
    const port = Number(url.port);
    if (!url.hostname || !Number.isInteger(port) || port < 1) throw badTarget(to);
    return syslogSink({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    const authorization = env.AUDIT_STREAM_AUTHORIZATION;
    return httpSink({
      url: url.href,
      contentType: format === 'cef' ? 'text/plain; charset=utf-8' : 'application/x-ndjson',
      headers: authorization ? { authorization } : {},
    });
  }
  throw badTarget(to);
}

function badTarget(to: string): CliUsageError {
  return new CliUsageError(
    `--to ${JSON.stringify(to)} is not a stream receiver`,
    'give syslog+tcp://host:port, an http:// or https:// URL, or leave --to out for stdout',
  );
}
