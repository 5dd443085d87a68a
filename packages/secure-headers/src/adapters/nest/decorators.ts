import type { ServerResponse } from 'node:http';
import { createParamDecorator, type ExecutionContext, Header, SetMetadata } from '@nestjs/common';
import { type ClearSiteDataType, clearSiteData } from '../../headers/clear-site-data.js';
import type { SecureHeadersOverrides } from '../../policy/options.js';
import { cspNonce } from '../node/middleware.js';
import { SECURE_HEADERS_OVERRIDES } from './tokens.js';

/**
 * Per-route (or per-controller) overrides, merged into the module's policy. They are validated
 * and compiled when the application starts, against the module's policy, so a typo (or an
 * override that does not fit the policy) stops the boot.
 *
 * @example
 * ```ts
 * @Get('widget')
 * @SecureHeadersOverride({ contentSecurityPolicy: { frameAncestors: ['https://partner.example'] }, xFrameOptions: false })
 * widget() { return '<p>embeddable</p>'; }
 * ```
 */
export function SecureHeadersOverride(overrides: SecureHeadersOverrides): ClassDecorator & MethodDecorator {
  return SetMetadata(SECURE_HEADERS_OVERRIDES, overrides);
}

/**
 * Injects this response's CSP nonce (`undefined` when the policy uses none).
 *
 * @example
 * ```ts
 * @Get()
 * page(@CspNonce() nonce: string) {
 *   return `<script nonce="${nonce}">start()</script>`;
 * }
 * ```
 */
export const CspNonce = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const res = context.switchToHttp().getResponse<ServerResponse | { raw: ServerResponse }>();
    return cspNonce('raw' in res ? res.raw : res);
  },
);

/**
 * Adds `Clear-Site-Data` to a route's successful responses, typically logout (default
 * `"cache", "cookies", "storage"`).
 *
 * @example
 * ```ts
 * @Post('logout')
 * @ClearSiteData()
 * logout() {}
 * ```
 */
export function ClearSiteData(types?: readonly ClearSiteDataType[]): MethodDecorator {
  return Header('Clear-Site-Data', clearSiteData(types));
}
