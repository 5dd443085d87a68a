export type { LoginResponse } from './account-routes.js';
export type { ApiErrorBody, ApiErrorCode, ApiErrorDetail } from './api-error.js';
export type { AuthApiOptions } from './auth-api.js';
export { createAuthApi } from './auth-api.js';
export type { HealthResponse } from './health-route.js';
export { MAX_BODY_BYTES } from './read-body.js';
export type { SessionView, UserView } from './session-view.js';
