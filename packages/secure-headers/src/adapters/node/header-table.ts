import { IncomingMessage, OutgoingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { generateNonce } from '../../nonce.js';
import { applyToNode, type NodeHeaderTarget } from '../../policy/apply-headers.js';
import type { CompiledPolicy } from '../../policy/compile-policy.js';
import { renderTemplate } from '../../policy/header-template.js';

/**
 * Fast path for Node's own `http.ServerResponse`. `setHeader(name, value)` validates both and
 * stores `[name, value]` under the lower-cased name in the response's header table; the values
 * here were validated when the policy was compiled, so they are stored the same way directly,
 * which halves the per-response cost. It is only used when a self-test on a throw-away response
 * confirms the table behaves exactly like that, and only on responses whose `setHeader` is
 * Node's (not wrapped by instrumentation); anything else goes through the public methods.
 */

type HeaderTable = Record<string, [string, string | string[]]>;
type Table = { [key: symbol]: HeaderTable | null };

const nativeSetHeader = OutgoingMessage.prototype.setHeader;
/** Names whose removal flips internal state in Node: always removed via `removeHeader`. */
const SPECIAL = new Set(['connection', 'content-length', 'transfer-encoding', 'date']);

let tableKey: symbol | null | undefined;

function selfTest(): symbol | null {
  try {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    const key = Object.getOwnPropertySymbols(res).find((symbol) => symbol.description === 'kOutHeaders');
    if (key === undefined || (res as unknown as Table)[key] !== null) return null;
    res.setHeader('X-Probe', 'a');
    const table = (res as unknown as Table)[key];
    const probe = table?.['x-probe'];
    if (!table || probe?.[0] !== 'X-Probe' || probe[1] !== 'a') return null;
    table['x-direct'] = ['X-Direct', 'b'];
    delete table['x-probe'];
    const names = res.getHeaderNames();
    return res.getHeader('x-direct') === 'b' && names.length === 1 && names[0] === 'x-direct' ? key : null;
  } catch {
    return null;
  }
}

function headerTable(res: NodeHeaderTarget): HeaderTable | undefined {
  if (tableKey === undefined) tableKey = selfTest();
  if (tableKey === null || res.setHeader !== nativeSetHeader || !(res instanceof ServerResponse))
    return undefined;
  const holder = res as unknown as Table;
  const table = holder[tableKey];
  if (table !== null) return typeof table === 'object' ? table : undefined;
  const created = Object.create(null) as HeaderTable;
  holder[tableKey] = created;
  return created;
}

/** Applies a compiled policy to a Node response: directly on Node's header table when safe. */
export function applyToNodeResponse(
  policy: CompiledPolicy,
  res: NodeHeaderTarget,
  nonce: string | undefined,
): void {
  const table = headerTable(res);
  if (table === undefined) {
    applyToNode(policy, res, nonce);
    return;
  }
  const { names, lowerNames, templates, overwrite } = policy;
  for (let i = 0; i < names.length; i++) {
    const key = lowerNames[i]!;
    if (!overwrite && table[key] !== undefined) continue;
    const template = templates[i]!;
    table[key] = [
      names[i]!,
      template.length === 1 ? template[0]! : renderTemplate(template, nonce ?? generateNonce()),
    ];
  }
  const { defaultNames, defaultValues, remove, removeLower } = policy;
  for (let i = 0; i < defaultNames.length; i++) {
    if (!res.hasHeader(defaultNames[i]!))
      table[defaultNames[i]!.toLowerCase()] = [defaultNames[i]!, defaultValues[i]!];
  }
  for (let i = 0; i < removeLower.length; i++) {
    const key = removeLower[i]!;
    if (SPECIAL.has(key)) res.removeHeader(remove[i]!);
    else if (table[key] !== undefined) delete table[key];
  }
}
