import { z } from 'zod';
import { errorResponseSchema } from './response-schemas.js';
import { REST_ROUTES, type RestRoute } from './routes.js';

/** A JSON Schema / OpenAPI object as plain JSON. */
export type JsonObject = { [key: string]: unknown };

/** What `GET <basePath>/openapi.json` returns: an OpenAPI 3.1 document of the REST API. */
export interface OpenApiDocument extends JsonObject {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, JsonObject>>;
  components: JsonObject;
}

/** Where the document says the API lives and which cookie carries the session. */
export interface OpenApiDocumentOptions {
  version: string;
  /** Absolute URL of the base path, e.g. `https://auth.example.com/api/v1/auth`. */
  serverUrl: string;
  /** Name of the session cookie (`better-auth.session_token`, `__Host-` prefixed on https; see docs/configuration.md). */
  sessionCookie: string;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
  }) as JsonObject;
  return rest;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };

function operation(name: string, route: RestRoute): JsonObject {
  const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const responses: Record<string, JsonObject> = {};
  for (const [status, answer] of Object.entries(route.responses)) {
    responses[status] = {
      description: answer.description,
      ...(answer.schema
        ? { content: { 'application/json': { schema: jsonSchema(answer.schema, 'output') } } }
        : {}),
    };
  }
  responses.default = {
    description: 'An error: `{ error: { code, message, details? } }` (docs/api.md)',
    content: { 'application/json': { schema: ERROR_REF } },
  };
  return {
    operationId: name,
    summary: route.summary,
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    ...(route.cookie ? { security: [{ sessionCookie: [] }] } : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the REST API, generated from the same zod schemas that validate
 * the request bodies and type the responses, so the two cannot drift apart.
 */
export function openApiDocument(options: OpenApiDocumentOptions): OpenApiDocument {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const [name, route] of Object.entries(REST_ROUTES as Record<string, RestRoute>)) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(name, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mana Auth REST API',
      version: options.version,
      description:
        'Register, sign in, sessions, access tokens and password reset. Bodies are JSON (at most 16 KiB); ' +
        'every error is `{ error: { code, message, details? } }`.',
    },
    servers: [{ url: options.serverUrl }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorResponseSchema, 'output') },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: options.sessionCookie },
      },
    },
  };
}
