/** One malformed request and the error a client must get for it. */
export interface BadInputCase {
  method: string;
  path: string;
  label: string;
  request: { json?: unknown; raw?: string; contentType?: string };
  status: number;
  code: string;
}

const big = 'x'.repeat(20_000);

/** Per route: malformed JSON, wrong types, missing fields, oversized bodies, unknown content type. */
export const badInputCases: BadInputCase[] = [
  {
    method: 'POST',
    path: '/register',
    label: 'malformed JSON',
    request: { raw: '{"email":' },
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    method: 'POST',
    path: '/register',
    label: 'missing name',
    request: { json: { email: 'a@example.com', password: 'SecurePassword123!' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    method: 'POST',
    path: '/register',
    label: 'email not an email',
    request: { json: { email: 'nope', password: 'SecurePassword123!', name: 'N' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    method: 'POST',
    path: '/register',
    label: 'form-encoded body',
    request: { raw: 'email=a', contentType: 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    method: 'POST',
    path: '/register',
    label: 'oversized body',
    request: { json: { email: 'a@example.com', password: 'p', name: big } },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    method: 'POST',
    path: '/login',
    label: 'password is a number',
    request: { json: { email: 'a@example.com', password: 123 } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    method: 'POST',
    path: '/login',
    label: 'rememberMe is a string',
    request: { json: { email: 'a@example.com', password: 'x', rememberMe: 'yes' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    method: 'POST',
    path: '/login',
    label: 'unknown field',
    request: { json: { email: 'a@example.com', password: 'x', role: 'admin' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    method: 'POST',
    path: '/login',
    label: 'JSON array',
    request: { json: [] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    method: 'POST',
    path: '/login',
    label: 'text/plain',
    request: { raw: '{}', contentType: 'text/plain' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    method: 'POST',
    path: '/password/change',
    label: 'missing newPassword',
    request: { json: { currentPassword: 'x' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    method: 'POST',
    path: '/password/forgot',
    label: 'missing email',
    request: { json: {} },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    method: 'POST',
    path: '/password/forgot',
    label: 'malformed JSON',
    request: { raw: '{' },
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    method: 'POST',
    path: '/password/reset',
    label: 'empty token',
    request: { json: { token: '', newPassword: 'SecurePassword123!' } },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    method: 'POST',
    path: '/password/reset',
    label: 'unknown token',
    request: { json: { token: 'bogus', newPassword: 'SecurePassword123!' } },
    status: 400,
    code: 'INVALID_TOKEN',
  },
  {
    method: 'GET',
    path: '/session',
    label: 'no session cookie',
    request: {},
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    method: 'GET',
    path: '/sessions',
    label: 'no session cookie',
    request: {},
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    method: 'DELETE',
    path: '/sessions/abc',
    label: 'no session cookie',
    request: {},
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    method: 'POST',
    path: '/refresh',
    label: 'no session cookie',
    request: {},
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    method: 'GET',
    path: '/login',
    label: 'wrong method',
    request: {},
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
  },
];
