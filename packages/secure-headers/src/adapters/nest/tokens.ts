/**
 * Injection token of the module's {@link SecureHeaders} policy.
 *
 * @example
 * ```ts
 * constructor(@Inject(SECURE_HEADERS) private readonly policy: SecureHeaders) {}
 * ```
 */
export const SECURE_HEADERS = Symbol.for('@mana/secure-headers.nest.policy');

/**
 * Metadata key under which `@SecureHeadersOverride` stores a route's overrides.
 *
 * @example
 * ```ts
 * const overrides = reflector.get<SecureHeadersOverrides>(SECURE_HEADERS_OVERRIDES, handler);
 * ```
 */
export const SECURE_HEADERS_OVERRIDES = '@mana/secure-headers:overrides';
