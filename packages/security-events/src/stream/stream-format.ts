import type { SecurityEvent } from '../queries/query-events.js';
import { formatCef } from './formats/cef.js';
import { formatEcs } from './formats/ecs.js';
import { formatJsonLine } from './formats/jsonl.js';
import { formatOcsf } from './formats/ocsf.js';

/**
 * The record formats of `streamAuditEvents`: `jsonl` (our own JSON line), `ocsf` (OCSF 1.x
 * Authentication / Account Change), `ecs` (Elastic Common Schema), `cef` (ArcSight CEF).
 *
 * @example
 * ```ts
 * const format: StreamFormat = 'ocsf';
 * ```
 */
export type StreamFormat = 'jsonl' | 'ocsf' | 'ecs' | 'cef';

/**
 * Turns one stored event into one line of text (no line break), a pure function.
 *
 * @example
 * ```ts
 * const line = streamFormatters.ecs(event);
 * ```
 */
export type EventFormatter = (event: SecurityEvent) => string;

/**
 * The formatter of each {@link StreamFormat}.
 *
 * @example
 * ```ts
 * for (const event of page.events) process.stdout.write(`${streamFormatters.cef(event)}\n`);
 * ```
 */
export const streamFormatters: Readonly<Record<StreamFormat, EventFormatter>> = {
  jsonl: formatJsonLine,
  ocsf: formatOcsf,
  ecs: formatEcs,
  cef: formatCef,
};

/**
 * True when `value` names a {@link StreamFormat}.
 *
 * @example
 * ```ts
 * isStreamFormat('cef'); // true
 * ```
 */
export function isStreamFormat(value: unknown): value is StreamFormat {
  return typeof value === 'string' && Object.hasOwn(streamFormatters, value);
}
