import {
  fileCheckpoint,
  isStreamFormat,
  SecurityEventsError,
  type StreamFormat,
  streamAuditEvents,
} from '@mana/security-events';
import { CLI_EXIT, CliFailure, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import type { CliContext } from '../../context.js';
import { parseCliDuration, parseCliTime } from '../../duration.js';
import { streamTarget } from './stream-target.js';

const flag = (context: CliContext, name: string): string | undefined => {
  const value = context.flags[name];
  return typeof value === 'string' ? value : undefined;
};

/** `mana-auth audit stream`. */
export const auditStreamCommand: CliCommand = {
  path: ['audit', 'stream'],
  summary: 'stream the audit log to stdout, syslog or HTTP as JSON lines, OCSF, ECS or CEF',
  usage:
    'audit stream [--format jsonl|ocsf|ecs|cef] [--since <time>] [--follow] [--checkpoint <file>] [--to <url>] [--batch-size <n>]',
  description: `Reads the audit log (security_events) oldest first in batches and delivers each batch to
stdout (for Vector, Fluent Bit, Filebeat), a syslog TCP receiver (RFC 5424, octet-counted) or an
HTTP endpoint (POST of JSON lines, retried with backoff on errors, 5xx and 429). With --checkpoint
the position is saved (atomically) only after the receiver accepted a batch, so a crash or a
receiver outage loses nothing: a restart resumes after the checkpoint, sending again at most the
one batch in flight (every record carries its event id for de-duplication). HTTP is the lossless
receiver; syslog has no acknowledgement, so it is at-least-once within a replay window. Progress
goes to stderr, never into the data. Set AUDIT_STREAM_AUTHORIZATION to send an Authorization
header to an HTTP receiver.`,
  flags: [
    {
      name: 'format',
      type: 'string',
      valueName: '<format>',
      description: 'jsonl, ocsf, ecs or cef (default jsonl)',
    },
    {
      name: 'since',
      type: 'string',
      valueName: '<time>',
      description:
        'first run without a checkpoint: start at an ISO time or a duration ago (default the oldest event)',
    },
    {
      name: 'follow',
      type: 'boolean',
      description: 'keep polling for new events after catching up (default: stop when caught up)',
    },
    {
      name: 'checkpoint',
      type: 'string',
      valueName: '<file>',
      description: 'read and save the position in this file (default none: start from --since each run)',
    },
    {
      name: 'to',
      type: 'string',
      valueName: '<url>',
      description: 'syslog+tcp://host:port or an http(s):// URL (default stdout)',
    },
    {
      name: 'batch-size',
      type: 'string',
      valueName: '<n>',
      description: 'events per batch and checkpoint, 1 to 10000 (default 1000)',
    },
    {
      name: 'poll-interval',
      type: 'string',
      valueName: '<duration>',
      description: 'wait between polls with --follow (default 1s)',
    },
    {
      name: 'late-window',
      type: 'string',
      valueName: '<duration>',
      description: 'how late a row may commit after its time and still be streamed (default 5m)',
    },
  ],
  examples: [
    'audit stream --format ecs --follow --checkpoint /var/lib/mana/audit.ckpt | vector --config vector.toml',
    'audit stream --format cef --follow --checkpoint audit.ckpt --to syslog+tcp://siem.internal:5514',
    'audit stream --format ocsf --since 24h --to https://siem.example/ingest',
  ],
  async run(context) {
    const format = flag(context, 'format') ?? 'jsonl';
    if (!isStreamFormat(format))
      throw new CliUsageError(
        `--format ${JSON.stringify(format)} is not a stream format`,
        'use jsonl, ocsf, ecs or cef',
      );
    const options = parseOptions(context);
    const sink = streamTarget(flag(context, 'to'), format as StreamFormat, context.out, context.env);
    const database = await context.database();
    const progress = context.progress('audit stream');
    let sent = 0;
    try {
      const result = await streamAuditEvents({
        database,
        format: format as StreamFormat,
        sink,
        ...options,
        signal: context.signal,
        onBatch: ({ events }) => {
          progress.tick(events - sent);
          sent = events;
        },
      });
      await sink.close();
      progress.done(`${result.events.toLocaleString('en-US')} events in ${result.batches} batches`);
    } catch (error) {
      progress.done();
      // Stopped by SIGINT/SIGTERM while a receiver was down: the batch stays after the checkpoint.
      if (context.signal.aborted) return CLI_EXIT.interrupted;
      throw translate(error);
    }
    return context.signal.aborted ? CLI_EXIT.interrupted : CLI_EXIT.ok;
  },
};

function parseOptions(context: CliContext) {
  const since = flag(context, 'since');
  const checkpoint = flag(context, 'checkpoint');
  const batch = flag(context, 'batch-size');
  const batchSize = batch === undefined ? undefined : Number(batch);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000))
    throw new CliUsageError(
      `--batch-size ${JSON.stringify(batch)} is not a batch size`,
      'give a whole number from 1 to 10000',
    );
  const poll = flag(context, 'poll-interval');
  const late = flag(context, 'late-window');
  return {
    since: since === undefined ? undefined : parseCliTime(since, 'since'),
    checkpoint: checkpoint === undefined ? undefined : fileCheckpoint(checkpoint),
    follow: context.flags.follow === true,
    batchSize,
    pollIntervalMs: poll === undefined ? undefined : parseCliDuration(poll, 'poll-interval'),
    lateWindowMs: late === undefined ? undefined : parseCliDuration(late, 'late-window'),
  };
}

function translate(error: unknown): unknown {
  if (!(error instanceof SecurityEventsError)) return error;
  if (error.code === 'STREAM_CHECKPOINT_INVALID')
    return new CliUsageError(
      error.message.replace(/\.? ?Pass .*$/, ''),
      error.fix ?? 'pass another --checkpoint file',
    );
  if (error.code === 'STREAM_SINK_REJECTED' || error.code === 'STREAM_SINK_UNAVAILABLE')
    return new CliFailure(error.message.replace(/ (Check|Use) .*$/, ''), error.fix, { cause: error });
  return error;
}
