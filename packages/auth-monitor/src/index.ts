// The public API of @mana/auth-monitor: what a consumer calls (the check runner, the config parser,
// the history the dashboard is rendered from, the dashboard renderer, the error) and their types.
// Everything else is internal; the README's "API" section lists these names. Keep it at 25 or
// fewer, listed by name.
export type { CheckName, CheckResult, CheckStatus, TargetHealth } from './checks/check-result.js';
export type { TargetReport } from './checks/check-target.js';
export { type RunReport, runChecks } from './checks/run-checks.js';
export type { SecurityHeaderPolicy } from './checks/security-header-policy.js';
export {
  configTargets,
  loadMonitorConfig,
  type MonitorConfig,
  parseMonitorConfig,
  type TargetConfig,
} from './config/monitor-config.js';
export type { CheckOptions, LoginOptions, TargetOptions } from './config/target-options.js';
export { type DashboardOptions, renderDashboard } from './dashboard/render-dashboard.js';
export type { History, HistoryCheck } from './history/history-entry.js';
export { toHistoryChecks } from './history/history-entry.js';
export { appendHistory, readHistory } from './history/history-file.js';
export { MonitorError, type MonitorErrorCode } from './monitor-error.js';
