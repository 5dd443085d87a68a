import { generateNonce } from '../nonce.js';
import type { CompiledPolicy } from './compile-policy.js';
import { renderTemplate } from './header-template.js';

/** The part of Node's `ServerResponse` (and Http2ServerResponse) the policy needs. */
export interface NodeHeaderTarget {
  setHeader(name: string, value: string): unknown;
  hasHeader(name: string): boolean;
  removeHeader(name: string): void;
}

/** Sets a compiled policy on a Node response. Internal: adapters call this when the head is written. */
export function applyToNode(policy: CompiledPolicy, res: NodeHeaderTarget, nonce: string | undefined): void {
  const { names, templates, overwrite } = policy;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (!overwrite && res.hasHeader(name)) continue;
    const template = templates[i]!;
    res.setHeader(
      name,
      template.length === 1 ? template[0]! : renderTemplate(template, nonce ?? generateNonce()),
    );
  }
  const { defaultNames, defaultValues, remove } = policy;
  for (let i = 0; i < defaultNames.length; i++) {
    if (!res.hasHeader(defaultNames[i]!)) res.setHeader(defaultNames[i]!, defaultValues[i]!);
  }
  for (let i = 0; i < remove.length; i++) res.removeHeader(remove[i]!);
}

/** Sets a compiled policy on a Web `Headers` object (throws TypeError if it is immutable). */
export function applyToHeaders(policy: CompiledPolicy, headers: Headers, nonce: string | undefined): void {
  const { names, templates, overwrite } = policy;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (!overwrite && headers.has(name)) continue;
    const template = templates[i]!;
    headers.set(
      name,
      template.length === 1 ? template[0]! : renderTemplate(template, nonce ?? generateNonce()),
    );
  }
  const { defaultNames, defaultValues, remove } = policy;
  for (let i = 0; i < defaultNames.length; i++) {
    if (!headers.has(defaultNames[i]!)) headers.set(defaultNames[i]!, defaultValues[i]!);
  }
  for (let i = 0; i < remove.length; i++) headers.delete(remove[i]!);
}

/**
 * Applies a policy to a Response: in place when its headers are mutable, else on a copy
 * (`Response.redirect()`, proxied `fetch()` responses). Network errors (`Response.error()`) and
 * statuses a Response cannot be rebuilt with (101 upgrades) are returned as they are.
 */
export function applyToResponse(
  policy: CompiledPolicy,
  response: Response,
  nonce: string | undefined,
): Response {
  try {
    applyToHeaders(policy, response.headers, nonce);
    return response;
  } catch {
    if (response.type === 'error') return response;
  }
  let copy: Response;
  try {
    copy = new Response(response.body, response);
  } catch {
    return response;
  }
  applyToHeaders(policy, copy.headers, nonce);
  return copy;
}
