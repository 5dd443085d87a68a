import type { BuiltInSecurityEventType } from '../events/event-types.js';
import { isBuiltInEventType, securityEventTypes } from '../events/event-types.js';

/**
 * How one event type maps onto the SIEM formats: its OCSF class and activity, its ECS
 * categories and types, and a severity. One row per built-in type (the `satisfies` below makes a
 * new type without a row a compile error, and `stream/formats.test.ts` checks every format).
 *
 * @example
 * ```ts
 * eventMapping('login_failure').ocsfClass; // 3002
 * ```
 */
export interface EventMapping {
  /** OCSF class: 3002 Authentication or 3001 Account Change. */
  readonly ocsfClass: 3001 | 3002;
  /** OCSF `activity_id` of that class (99 = Other). */
  readonly ocsfActivity: number;
  /** OCSF `activity_name`. */
  readonly activityName: string;
  /** ECS `event.category`. */
  readonly ecsCategory: readonly string[];
  /** ECS `event.type`. */
  readonly ecsType: readonly string[];
  /** 1 informational, 2 low, 3 medium, 4 high (OCSF `severity_id`). */
  readonly severity: 1 | 2 | 3 | 4;
  /** True for failures and refusals (OCSF status 2, ECS outcome `failure`). */
  readonly failure: boolean;
}

const AUTH = ['authentication'] as const;
const SESSION = ['authentication', 'session'] as const;
const IAM = ['iam'] as const;
const WEB = ['web'] as const;

function auth(
  activity: number,
  activityName: string,
  ecsCategory: readonly string[],
  ecsType: readonly string[],
  severity: EventMapping['severity'],
) {
  return { ocsfClass: 3002 as const, ocsfActivity: activity, activityName, ecsCategory, ecsType, severity };
}
function account(
  activity: number,
  activityName: string,
  ecsType: readonly string[],
  severity: EventMapping['severity'],
) {
  return {
    ocsfClass: 3001 as const,
    ocsfActivity: activity,
    activityName,
    ecsCategory: IAM,
    ecsType,
    severity,
  };
}

// OCSF 1.x Authentication activities: 1 Logon, 2 Logoff, 3 Authentication Ticket, 99 Other.
// Account Change activities: 1 Create, 3 Password Change, 4 Password Reset, 9 Lock, 99 Other.
const MAPPINGS = {
  login_success: auth(1, 'Logon', SESSION, ['start'], 1),
  login_failure: auth(1, 'Logon', SESSION, ['start'], 2),
  logout: auth(2, 'Logoff', SESSION, ['end'], 1),
  session_revoked: auth(2, 'Logoff', SESSION, ['end'], 1),
  sessions_revoked_all: auth(2, 'Logoff', SESSION, ['end'], 2),
  token_refresh: auth(3, 'Authentication Ticket', AUTH, ['info'], 1),
  token_refresh_failure: auth(3, 'Authentication Ticket', AUTH, ['info'], 2),
  token_invalid: auth(99, 'Token Validation', AUTH, ['denied'], 3),
  rate_limited: auth(99, 'Rate Limit', WEB, ['denied'], 2),
  csrf_refused: auth(99, 'Origin Check', WEB, ['denied'], 3),
  request_invalid: auth(99, 'Request Validation', WEB, ['denied'], 2),
  signup: account(1, 'Create', ['user', 'creation'], 1),
  signup_failure: account(1, 'Create', ['user', 'creation'], 2),
  password_change: account(3, 'Password Change', ['user', 'change'], 2),
  password_change_failure: account(3, 'Password Change', ['user', 'change'], 2),
  password_reset_requested: account(4, 'Password Reset', ['user', 'info'], 1),
  password_reset_completed: account(4, 'Password Reset', ['user', 'change'], 2),
  password_reset_failure: account(4, 'Password Reset', ['user', 'change'], 2),
  account_locked: account(9, 'Lock', ['user', 'change'], 4),
  user_updated: account(99, 'Other', ['user', 'change'], 1),
  user_update_failure: account(99, 'Other', ['user', 'change'], 2),
  email_change_requested: account(99, 'Email Change', ['user', 'change'], 2),
  email_change_failure: account(99, 'Email Change', ['user', 'change'], 2),
} satisfies Record<BuiltInSecurityEventType, Omit<EventMapping, 'failure'>>;

// A custom type of the application: Authentication / Other, informational.
const CUSTOM = auth(99, 'Other', AUTH, ['info'], 1);

/**
 * The mapping of an event type; a custom type gets OCSF Authentication / Other, ECS
 * `authentication` / `info`, informational severity, and success unless its metadata has a
 * `reason`.
 *
 * @example
 * ```ts
 * eventMapping('account_locked').severity; // 4
 * ```
 */
export function eventMapping(type: string, hasReason = false): EventMapping {
  if (isBuiltInEventType(type)) return { ...MAPPINGS[type], failure: securityEventTypes[type].failure };
  return { ...CUSTOM, failure: hasReason };
}

/**
 * A one-sentence description of the type (the built-in description, or the type itself).
 *
 * @example
 * ```ts
 * eventDescription('logout'); // 'A user signed out.'
 * ```
 */
export function eventDescription(type: string): string {
  return isBuiltInEventType(type) ? securityEventTypes[type].description : type;
}
