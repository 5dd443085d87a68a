/**
 * A value that survives `JSON.stringify` unchanged: what a metadata field holds once stored.
 *
 * @example
 * ```ts
 * const value: JsonValue = { reason: 'invalid_credentials', attempts: [1, 2] };
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The metadata of a stored event: a JSON object (after sanitising).
 *
 * @example
 * ```ts
 * const metadata: SecurityEventMetadata = { reason: 'invalid_credentials', rememberMe: true };
 * ```
 */
export type SecurityEventMetadata = { [key: string]: JsonValue };

/**
 * What `logEvent` accepts as metadata: any plain object. Values are converted to JSON
 * (`Date` → ISO string, `bigint` → string, `Error` → `{ name, message }`, `undefined` and
 * functions dropped), secrets are redacted and sizes capped before anything is queued.
 *
 * @example
 * ```ts
 * const metadata: SecurityEventMetadataInput = { deviceId: dto.deviceId, rememberMe: dto.rememberMe };
 * ```
 */
export type SecurityEventMetadataInput = Readonly<Record<string, unknown>>;
