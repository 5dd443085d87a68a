import { type ApiErrorDetail, apiError } from './api-error.js';

/** One issue of a Standard Schema validation (what better-call passes on). */
interface SchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * The `onValidationError` of every REST endpoint with a body: a schema mismatch becomes
 * `400 VALIDATION_FAILED` with one detail per field, instead of Better Auth's own error shape.
 */
export function validationFailed({ issues }: { issues: readonly SchemaIssue[] }): never {
  const details: ApiErrorDetail[] = issues.map((issue) => ({
    path:
      (issue.path ?? [])
        .map((part) => String(typeof part === 'object' && part !== null ? part.key : part))
        .join('.') || '(body)',
    message: issue.message,
  }));
  throw apiError(400, 'VALIDATION_FAILED', 'The request body is invalid.', { details });
}
