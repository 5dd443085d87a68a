/**
 * Placeholder for the per-response nonce. Put it in a script or style source list and every
 * response gets a fresh `'nonce-…'` source there; the same value is handed to your handler so it
 * can write `<script nonce="…">`.
 *
 * It is a `Symbol.for` symbol, so the ESM and CommonJS builds of this package agree on it.
 *
 * @example
 * ```ts
 * import { createSecureHeaders, NONCE } from '@mana/secure-headers';
 *
 * const policy = createSecureHeaders({
 *   contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] },
 * });
 * ```
 */
export const NONCE: unique symbol = Symbol.for('@mana/secure-headers.nonce');

/** The type of {@link NONCE}. @example `const n: CspNonce = NONCE;` */
export type CspNonce = typeof NONCE;

/**
 * CSP keyword sources. They must be written with their single quotes; `self` without quotes is a
 * host name, which is why the validator rejects it.
 *
 * @example
 * ```ts
 * const keyword: CspKeyword = "'strict-dynamic'";
 * ```
 */
export type CspKeyword =
  | "'self'"
  | "'none'"
  | "'unsafe-inline'"
  | "'unsafe-eval'"
  | "'strict-dynamic'"
  | "'unsafe-hashes'"
  | "'report-sample'"
  | "'wasm-unsafe-eval'"
  | "'inline-speculation-rules'"
  | "'trusted-types-eval'"
  | "'report-sha256'"
  | "'report-sha384'"
  | "'report-sha512'";

/**
 * One source expression: a keyword, a scheme (`https:`), a host (`https://cdn.example.com`), a hash
 * (`'sha256-…'`), or {@link NONCE}. Hosts are plain strings; autocompletion still offers keywords.
 *
 * @example
 * ```ts
 * const sources: CspSource[] = ["'self'", 'https:', 'https://cdn.example.com', NONCE];
 * ```
 */
export type CspSource =
  | CspKeyword
  | CspNonce
  | `${string}:`
  | `'sha256-${string}'`
  | `'sha384-${string}'`
  | `'sha512-${string}'`
  | (string & {});

/** A source list such as `["'self'", 'https://cdn.example.com']`. @example `const list: CspSourceList = ["'none'"];` */
export type CspSourceList = readonly CspSource[];

/**
 * Tokens allowed in the `sandbox` directive.
 *
 * @example
 * ```ts
 * const tokens: CspSandboxToken[] = ['allow-scripts', 'allow-forms'];
 * ```
 */
export type CspSandboxToken =
  | 'allow-downloads'
  | 'allow-forms'
  | 'allow-modals'
  | 'allow-orientation-lock'
  | 'allow-pointer-lock'
  | 'allow-popups'
  | 'allow-popups-to-escape-sandbox'
  | 'allow-presentation'
  | 'allow-same-origin'
  | 'allow-scripts'
  | 'allow-storage-access-by-user-activation'
  | 'allow-top-navigation'
  | 'allow-top-navigation-by-user-activation'
  | 'allow-top-navigation-to-custom-protocols';

/**
 * Content-Security-Policy as typed directives (camelCase names). In options, an object is merged
 * into the preset's policy directive by directive; set a directive to `false` to drop it.
 *
 * @example
 * ```ts
 * const directives: CspDirectives = {
 *   defaultSrc: ["'self'"],
 *   scriptSrc: ["'self'", NONCE],
 *   objectSrc: ["'none'"],
 *   frameAncestors: ["'none'"],
 *   upgradeInsecureRequests: true,
 *   reportTo: 'csp',
 * };
 * ```
 */
export interface CspDirectives {
  defaultSrc?: CspSourceList | false;
  scriptSrc?: CspSourceList | false;
  scriptSrcElem?: CspSourceList | false;
  scriptSrcAttr?: CspSourceList | false;
  styleSrc?: CspSourceList | false;
  styleSrcElem?: CspSourceList | false;
  styleSrcAttr?: CspSourceList | false;
  imgSrc?: CspSourceList | false;
  fontSrc?: CspSourceList | false;
  connectSrc?: CspSourceList | false;
  mediaSrc?: CspSourceList | false;
  objectSrc?: CspSourceList | false;
  frameSrc?: CspSourceList | false;
  childSrc?: CspSourceList | false;
  workerSrc?: CspSourceList | false;
  manifestSrc?: CspSourceList | false;
  fencedFrameSrc?: CspSourceList | false;
  baseUri?: CspSourceList | false;
  formAction?: CspSourceList | false;
  frameAncestors?: CspSourceList | false;
  /** `true` writes a bare `sandbox` (everything restricted); a list allows those capabilities. */
  sandbox?: boolean | readonly CspSandboxToken[];
  upgradeInsecureRequests?: boolean;
  /** Deprecated by browsers (superseded by `upgradeInsecureRequests`); kept for the OWASP preset. */
  blockAllMixedContent?: boolean;
  /** Legacy reporting URLs; still the only reporting Firefox supports. */
  reportUri?: string | readonly string[] | false;
  /** Name of an endpoint declared in the `reportingEndpoints` option. */
  reportTo?: string | false;
  requireTrustedTypesFor?: readonly "'script'"[] | false;
  trustedTypes?: readonly string[] | false;
}

/** A directive name of {@link CspDirectives}. @example `const name: CspDirectiveName = 'scriptSrc';` */
export type CspDirectiveName = keyof CspDirectives;
