export { checkHeaders } from './check-headers.js';
export { checkHealth } from './check-health.js';
export { checkJwks } from './check-jwks.js';
export { checkLatency, type LatencyThresholds } from './check-latency.js';
export { checkLogin } from './check-login.js';
export {
  CHECK_NAMES,
  type CheckName,
  type CheckResult,
  type CheckStatus,
  type JsonValue,
  type TargetHealth,
  targetHealth,
  worstStatus,
} from './check-result.js';
export { checkTarget, type TargetReport } from './check-target.js';
export { checkTls, evaluateTls, type TlsCheckOptions } from './check-tls.js';
export { badgeFileName, type StatusBadge, statusBadge } from './dashboard-badge.js';
export {
  dayClass,
  formatMs,
  formatUptime,
  renderLatencyChart,
  renderStatusStrip,
} from './dashboard-charts.js';
export { DASHBOARD_CSS } from './dashboard-styles.js';
export {
  evaluateSecurityHeaders,
  type HeaderFinding,
  type HeaderSource,
} from './evaluate-security-headers.js';
export { type FileLockOptions, withFileLock } from './file-lock.js';
export { type FormatOptions, formatReport } from './format-report.js';
export {
  HISTORY_PROBLEM_LIMITS,
  type History,
  type HistoryCheck,
  type HistoryDay,
  shortProblem,
  toHistoryChecks,
} from './history-entry.js';
export {
  type AppendResult,
  appendHistory,
  HISTORY_HEADER,
  type HistoryRead,
  parseHistory,
  readHistory,
  serializeHistory,
  writeAtomically,
} from './history-file.js';
export { findIncidents, type Incident, type IncidentThresholds } from './history-incidents.js';
export {
  DEFAULT_RETENTION,
  needsRollup,
  percentile,
  type RetentionOptions,
  rollupHistory,
  summarizeDay,
} from './history-rollup.js';
export {
  type DayCell,
  type LatencyPoint,
  type SummaryOptions,
  summarizeHistory,
  type TargetSummary,
  type UptimeWindow,
} from './history-summary.js';
export { escapeHtml } from './html-escape.js';
export {
  describeNetworkError,
  type ProbeError,
  type ProbeOptions,
  type ProbeResponse,
  type ProbeResult,
  probeUrl,
} from './http-probe.js';
export { inspectTls, type TlsInspection } from './inspect-tls.js';
export {
  configTargets,
  type HistoryConfig,
  type LoginConfig,
  loadMonitorConfig,
  type MonitorConfig,
  parseMonitorConfig,
  type TargetConfig,
} from './monitor-config.js';
export { MonitorError, type MonitorErrorCode } from './monitor-error.js';
export { type DashboardOptions, renderDashboard } from './render-dashboard.js';
export { type ResolvedTarget, resolveTargets } from './resolve-targets.js';
export { EXIT_CODES, type ExitCode, type RunReport, runChecks, summarizeRun } from './run-checks.js';
export {
  compileHeaderPolicy,
  DEFAULT_SECURITY_HEADERS,
  type HeaderExpectation,
  type HeaderRule,
  normalizeHeaderValue,
  type SecurityHeaderPolicy,
} from './security-header-policy.js';
export {
  type CheckOptions,
  DEFAULT_CHECK_OPTIONS,
  type LoginOptions,
  type TargetOptions,
} from './target-options.js';
export { type JwkSummary, type JwksFinding, type JwksValidation, validateJwks } from './validate-jwks.js';
export { type JwtVerification, looksLikeJwt, verifyEdDsaJwt } from './verify-eddsa-jwt.js';
export { VERSION } from './version.js';
