export type { OperatorUser } from './find-user.js';
export { findUser } from './find-user.js';
export type { ListUserSessionsOptions, UserSessionInfo, UserSessions } from './list-user-sessions.js';
export { listUserSessions } from './list-user-sessions.js';
export type { RevokeSessionsOptions, RevokeSessionsResult, RevokeSessionsTarget } from './revoke-sessions.js';
export { revokeSessions } from './revoke-sessions.js';
export type { SessionAdminErrorCode } from './session-admin-error.js';
export { SessionAdminError } from './session-admin-error.js';
