import type { CspDirectiveName } from './types.js';

/**
 * How a directive's value is written and checked:
 * - `script`/`style`/`default`: source lists that may hold nonces, hashes and script keywords;
 * - `fetch`: other source lists (`'self'`, `'none'`, hosts, schemes);
 * - `ancestors`: `frame-ancestors` (no nonces, hashes or `'unsafe-…'`);
 * - the rest are special grammars.
 */
export type DirectiveKind =
  | 'default'
  | 'script'
  | 'script-attr'
  | 'style'
  | 'style-attr'
  | 'fetch'
  | 'ancestors'
  | 'sandbox'
  | 'flag'
  | 'report-uri'
  | 'report-to'
  | 'require-trusted-types-for'
  | 'trusted-types';

/** camelCase option name → [header directive name, kind]. Order is the serialisation order for new directives. */
export const DIRECTIVES: Readonly<Record<CspDirectiveName, readonly [string, DirectiveKind]>> = {
  defaultSrc: ['default-src', 'default'],
  scriptSrc: ['script-src', 'script'],
  scriptSrcElem: ['script-src-elem', 'script'],
  scriptSrcAttr: ['script-src-attr', 'script-attr'],
  styleSrc: ['style-src', 'style'],
  styleSrcElem: ['style-src-elem', 'style'],
  styleSrcAttr: ['style-src-attr', 'style-attr'],
  imgSrc: ['img-src', 'fetch'],
  fontSrc: ['font-src', 'fetch'],
  connectSrc: ['connect-src', 'fetch'],
  mediaSrc: ['media-src', 'fetch'],
  objectSrc: ['object-src', 'fetch'],
  frameSrc: ['frame-src', 'fetch'],
  childSrc: ['child-src', 'fetch'],
  workerSrc: ['worker-src', 'fetch'],
  manifestSrc: ['manifest-src', 'fetch'],
  fencedFrameSrc: ['fenced-frame-src', 'fetch'],
  baseUri: ['base-uri', 'fetch'],
  formAction: ['form-action', 'fetch'],
  frameAncestors: ['frame-ancestors', 'ancestors'],
  sandbox: ['sandbox', 'sandbox'],
  upgradeInsecureRequests: ['upgrade-insecure-requests', 'flag'],
  blockAllMixedContent: ['block-all-mixed-content', 'flag'],
  reportUri: ['report-uri', 'report-uri'],
  reportTo: ['report-to', 'report-to'],
  requireTrustedTypesFor: ['require-trusted-types-for', 'require-trusted-types-for'],
  trustedTypes: ['trusted-types', 'trusted-types'],
};

/** Header directive name (`script-src`) → option name (`scriptSrc`). */
export const DIRECTIVE_BY_HEADER_NAME: ReadonlyMap<string, CspDirectiveName> = new Map(
  (Object.keys(DIRECTIVES) as CspDirectiveName[]).map((key) => [DIRECTIVES[key][0], key]),
);

/** Whether `name` is a directive option name. */
export function isDirectiveName(name: string): name is CspDirectiveName {
  return Object.hasOwn(DIRECTIVES, name);
}
