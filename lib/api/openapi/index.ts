/**
 * The OpenAPI 3.1 document of every route: the chat, sign-in, the boards, the tribune, the integrations
 * and the operations' endpoints, assembled by zod-openapi from the routes' own zod schemas (so a changed
 * check changes the document). Operations that end the caller's session or delete what others use come
 * last, in the order the walk in __tests__/openapi.test.ts calls them.
 */
import { createDocument } from "zod-openapi";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { authFinalOperations, authOperations, healthOperations, signOutOperations } from "./auth";
import { boardsOperations } from "./boards";
import { chatFinalOperations, chatOperations } from "./chat";
import { applyNote, SECURITY_SCHEMES, type Operation } from "./common";
import { integrationFinalOperations, integrationOperations } from "./integrations";
import { threadOperations } from "./threads";
import { channelAdminOperations } from "./channels-admin";
import { messageActionOperations } from "./message-actions";
import { TRIBUNE_SECURITY_SCHEME, tribuneOperations } from "./tribune";

export type { Operation } from "./common";

/** Every documented operation, in walk order. */
export function operations(): Operation[] {
  return [
    ...healthOperations,
    ...authOperations,
    ...chatOperations,
    ...threadOperations,
    ...channelAdminOperations,
    ...messageActionOperations,
    ...integrationOperations,
    ...boardsOperations,
    ...tribuneOperations,
    ...integrationFinalOperations,
    ...authFinalOperations,
    ...chatFinalOperations,
    ...signOutOperations,
  ];
}

const DESCRIPTION = `MiniMost's HTTP API: the original MiniMost chat routes at the site root, the tribune's backends for coincoin
clients under \`/tribune/\`, the topic boards under \`/boards/\`, and issue 15's tokens, bots and webhooks.

**Signing in.** Send a personal access token as \`Authorization: Bearer mmp_…\` (create one in the settings
panel or with \`POST /tokens\`), or the session token \`POST /api/login\` answers, or the session cookie.
A read-only token may only GET. Tokens never go in the query string.

**Answers.** The original's routes keep their answers: plain text such as \`ok\` or \`forbidden\`. Our own
routes answer JSON and refuse with \`{"error": "…"}\`. \`POST /send\`, \`/edit\`, \`/delete\` and \`/react\` answer
the changed rows when asked with \`Accept: application/json\`.

**Limits.** Every route is rate limited per user, token or address: \`429\` with \`Retry-After\`.

**Changes.** \`GET /events\` streams change notices (Server-Sent Events); outgoing webhooks POST new messages
to a URL of yours.`;

let cached: object | undefined;

/** The document (built once per process: it depends on code only). */
export function openApiDocument(): object {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const op of operations()) {
    const item = (paths[op.path] ??= {}) as Record<string, unknown>;
    if (item[op.method]) throw new Error(`documented twice: ${op.method.toUpperCase()} ${op.path}`);
    item[op.method] = op.spec;
  }
  cached = createDocument(
    {
      openapi: "3.1.0",
      info: { title: "MiniMost API", version: "1.0.0", description: DESCRIPTION },
      servers: [{ url: "/", description: "This server" }],
      tags: [
        { name: "Chat" },
        { name: "Private channels" },
        { name: "Presence" },
        { name: "Files and previews" },
        { name: "Account" },
        { name: "Sign-in" },
        { name: "Access tokens" },
        { name: "Bots" },
        { name: "Webhooks" },
        { name: "Boards" },
        { name: "Boards moderation" },
        { name: "Tribune" },
        { name: "Operations" },
      ],
      components: { securitySchemes: { ...SECURITY_SCHEMES, ...TRIBUNE_SECURITY_SCHEME } as never },
      paths,
    },
    {
      allowEmptySchema: { custom: true, transform: true, pipe: true, unknown: true, any: true } as never,
      override: (ctx) => applyNote(ctx as never),
    },
  );
  return cached;
}
