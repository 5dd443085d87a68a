declare const __MANA_VERSION__: string;

/**
 * The product named in every streamed record (OCSF `metadata.product`, the CEF header, the syslog
 * APP-NAME): vendor `Mana`, product `mana-auth`, and the version of `@mana/security-events`.
 *
 * @example
 * ```ts
 * STREAM_PRODUCT.version; // '0.1.0'
 * ```
 */
export const STREAM_PRODUCT = {
  vendor: 'Mana',
  name: 'mana-auth',
  version: typeof __MANA_VERSION__ === 'string' ? __MANA_VERSION__ : '0.0.0-source',
} as const;
