import { NONCE } from '../csp/types.js';

/**
 * A compiled header value. One segment: a constant string. Several segments: the nonce goes
 * between each pair, so rendering is a few concatenations and never re-serialises the policy.
 */
export type HeaderTemplate = readonly string[];

/** Builds a template from tokens where `NONCE` marks a nonce position. */
export function templateFrom(pieces: readonly (string | typeof NONCE)[]): HeaderTemplate {
  const segments: string[] = [''];
  for (const piece of pieces) {
    if (piece === NONCE) {
      segments[segments.length - 1] += "'nonce-";
      segments.push("'");
    } else {
      segments[segments.length - 1] += piece;
    }
  }
  return segments;
}

/** Renders a template with a nonce. Constant templates return their only segment. */
export function renderTemplate(template: HeaderTemplate, nonce: string): string {
  let value = template[0]!;
  for (let i = 1; i < template.length; i++) value += nonce + template[i]!;
  return value;
}
