import { isPlainHttpLocalhost } from './loopback.js';
import { generateNonce } from './nonce.js';
import { applyToHeaders, applyToResponse } from './policy/apply-headers.js';
import { type CompiledPolicy, compilePolicy } from './policy/compile-policy.js';
import { renderTemplate } from './policy/header-template.js';
import type { SecureHeadersOptions, SecureHeadersOverrides, SecureHeadersPreset } from './policy/options.js';
import { type ResolvedPolicy, resolvePolicy } from './policy/resolve-policy.js';

const COMPILED = Symbol.for('@mana/secure-headers.compiled');
const RESOLVED = Symbol.for('@mana/secure-headers.resolved');

/**
 * Per-response input: the nonce to use (one is generated when the policy needs it and none is
 * given) and the request, which decides whether HSTS is left out on plain-HTTP localhost.
 *
 * @example
 * ```ts
 * const context: ApplyContext = { nonce: policy.nonce(), request };
 * ```
 */
export interface ApplyContext {
  nonce?: string | undefined;
  request?: Request | undefined;
}

/**
 * A compiled header policy. Create it once with {@link createSecureHeaders}; every adapter
 * accepts it, so one policy can serve a fetch handler, Express and Hono alike.
 *
 * @example
 * ```ts
 * const policy = createSecureHeaders({ preset: 'owasp' });
 * const response = policy.secure(new Response('ok'));
 * ```
 */
export interface SecureHeaders {
  /** The preset this policy started from. */
  readonly preset: SecureHeadersPreset;
  /** Whether responses need a per-response nonce (a CSP directive lists `NONCE`). */
  readonly usesNonce: boolean;
  /** Headers deleted from every response. */
  readonly removedHeaders: readonly string[];
  /** A fresh nonce when the policy uses one, else `undefined`. */
  nonce(): string | undefined;
  /** The headers a response gets, as `[name, value]` pairs (for inspection, tests or static configs). */
  headers(context?: ApplyContext): [string, string][];
  /** Sets the policy on a mutable `Headers` object. */
  apply(headers: Headers, context?: ApplyContext): void;
  /** Returns `response` with the policy applied: the same object, or a copy if its headers are immutable. */
  secure(response: Response, context?: ApplyContext): Response;
  /** A new policy with per-route overrides merged in, compiled once. */
  override(overrides: SecureHeadersOverrides): SecureHeaders;
}

function requestIsPlainHttpLocalhost(request: Request): boolean {
  const url = new URL(request.url);
  return isPlainHttpLocalhost(url.protocol === 'https:', url.host, request.headers.get('x-forwarded-proto'));
}

/** Picks the compiled variant for a request (the HSTS-less one on plain-HTTP localhost). */
export function compiledForRequest(compiled: CompiledPolicy, request: Request | undefined): CompiledPolicy {
  if (compiled.plainHttpLocalhost && request && requestIsPlainHttpLocalhost(request))
    return compiled.plainHttpLocalhost;
  return compiled;
}

function build(resolved: ResolvedPolicy): SecureHeaders {
  const compiled = compilePolicy(resolved);
  const nonceFor = (context?: ApplyContext) =>
    context?.nonce ?? (compiled.usesNonce ? generateNonce() : undefined);
  const policy: SecureHeaders = {
    preset: resolved.preset,
    usesNonce: compiled.usesNonce,
    removedHeaders: compiled.remove,
    nonce: () => (compiled.usesNonce ? generateNonce() : undefined),
    headers(context) {
      const chosen = compiledForRequest(compiled, context?.request);
      const nonce = nonceFor(context) ?? '';
      const list: [string, string][] = chosen.names.map((name, i) => [
        name,
        renderTemplate(chosen.templates[i]!, nonce),
      ]);
      for (let i = 0; i < chosen.defaultNames.length; i++)
        list.push([chosen.defaultNames[i]!, chosen.defaultValues[i]!]);
      return list;
    },
    apply(headers, context) {
      applyToHeaders(compiledForRequest(compiled, context?.request), headers, nonceFor(context));
    },
    secure(response, context) {
      return applyToResponse(compiledForRequest(compiled, context?.request), response, nonceFor(context));
    },
    override: (overrides) => build(resolvePolicy(resolved, overrides)),
  };
  Object.defineProperty(policy, COMPILED, { value: compiled });
  Object.defineProperty(policy, RESOLVED, { value: resolved });
  return Object.freeze(policy);
}

/**
 * Creates a header policy: validates every option (throwing a {@link SecureHeadersError} that
 * names the header, the value and the fix) and compiles the header strings once.
 *
 * With no options you get the spec's seven headers:
 * `Strict-Transport-Security: max-age=31536000; includeSubDomains; preload`,
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`,
 * `Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'`,
 * `X-XSS-Protection: 0`, `Referrer-Policy: strict-origin-when-cross-origin`,
 * `Permissions-Policy: geolocation=(), microphone=(), camera=()`; `X-Powered-By` and `Server` are removed.
 *
 * @example
 * ```ts
 * import { createSecureHeaders, NONCE } from '@mana/secure-headers';
 *
 * const policy = createSecureHeaders({
 *   contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] },
 *   reportingEndpoints: { csp: 'https://example.com/csp-reports' },
 *   contentSecurityPolicyReportOnly: { defaultSrc: ["'none'"], reportTo: 'csp' },
 * });
 * ```
 */
export function createSecureHeaders(options: SecureHeadersOptions = {}): SecureHeaders {
  return build(resolvePolicy(undefined, options));
}

/**
 * Whether `value` is a policy from {@link createSecureHeaders} (from either the ESM or CJS build).
 *
 * @example
 * ```ts
 * const policy = isSecureHeaders(input) ? input : createSecureHeaders(input);
 * ```
 */
export function isSecureHeaders(value: unknown): value is SecureHeaders {
  return typeof value === 'object' && value !== null && COMPILED in value;
}

/** The compiled form of a policy. Internal: for adapters. */
export function compiledOf(policy: SecureHeaders): CompiledPolicy {
  return (policy as unknown as Record<symbol, CompiledPolicy>)[COMPILED]!;
}

/** A policy from either options or an existing policy. Internal: adapters accept both. */
export function toPolicy(input: SecureHeaders | SecureHeadersOptions | undefined): SecureHeaders {
  return isSecureHeaders(input) ? input : createSecureHeaders(input);
}
