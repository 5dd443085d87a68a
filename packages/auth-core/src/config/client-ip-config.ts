import { z } from 'zod';
import { trustedProxyProblem } from '../client-ip/client-ip-resolver.js';

/** The header adapters used to pass the socket address before they recorded it beside the request. */
const RETIRED_HEADER = 'x-mana-client-ip';

const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name');

/**
 * The `clientIp` option: valid addresses or CIDRs in `trustedProxies` (each bad entry named),
 * `headers` only together with `trustedProxies` (they are read from trusted proxies only), and
 * never the retired internal header `x-mana-client-ip`.
 */
export const clientIpSchema = z
  .strictObject({
    trustedProxies: z
      .array(z.string())
      .superRefine((entries, ctx) => {
        for (const entry of entries) {
          const problem = trustedProxyProblem(entry);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }
      })
      .optional(),
    headers: z
      .array(headerName)
      .refine(
        (names) => !names.some((name) => name.toLowerCase() === RETIRED_HEADER),
        `must not name "${RETIRED_HEADER}": adapters no longer send it, the socket address is used without configuration`,
      )
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.headers && !value.trustedProxies?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['headers'],
        message: 'is read only from trusted proxies, and clientIp.trustedProxies is not set',
      });
    }
  });
