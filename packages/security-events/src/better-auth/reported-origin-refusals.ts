// Requests whose Origin / CSRF refusal an after hook already logged (a check inside a route),
// so that auth-core's report of the same 403 (`onOriginRefused`) adds no second row. Weak: an
// entry lives as long as its request.
const LOGGED = new WeakSet<Request>();

/** Remembers that the refusal of `request` was logged. */
export function markOriginRefusalLogged(request: Request | undefined): void {
  if (request) LOGGED.add(request);
}

/** Whether the refusal of `request` was logged by an after hook already. */
export function originRefusalLogged(request: Request | undefined): boolean {
  return request !== undefined && LOGGED.has(request);
}
