/**
 * Injection token of the module's {@link SecureHeaders} policy.
 *
 * @example
 * ```ts
 * constructor(@Inject(SECURE_HEADERS) private readonly policy: SecureHeaders) {}
 * ```
 */
export const SECURE_HEADERS = Symbol.for('@mana/secure-headers.nest.policy');

/** Metadata key under which {@link SecureHeadersOverride} stores a route's overrides. */
export const SECURE_HEADERS_OVERRIDES = '@mana/secure-headers:overrides';
