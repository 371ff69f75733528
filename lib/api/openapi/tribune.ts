/**
 * The tribune (spec/tribune-reference.md, DESIGN tribune decisions): served by lib/tribune/service.ts
 * through lib/http/tribune.ts before Next.js routes anything, so there are no route files; the URL map is
 * lib/tribune/routes.ts. Every view exists for the default board (`/tribune/…`, the first public channel)
 * and for each public channel (`/tribune/<channel>/…`). The window arguments are the service's own schema.
 */
import { z } from "zod";
import { windowSchema } from "@/lib/tribune/args";
import { POST_MAX_LENGTH } from "@/lib/tribune/service";
import { emptyAnswer, operation, pathParams, textAnswer, type Method, type Operation, type OperationSpec } from "./common";
import { EXAMPLES as EX } from "./examples";

const TAG = "Tribune";

const windowQuery = z.object({
  limit: windowSchema.shape.limit.optional().meta({ description: "Posts to show (≤ 0: 50; at most 100).", example: "20" }),
  direction: windowSchema.shape.direction.optional().meta({ description: "`asc` or `desc` (any case); the view's default otherwise." }),
  last_id: windowSchema.shape.last_id.optional().meta({ description: "Only posts with a greater id." }),
});
const plainQuery = windowQuery.extend({
  table_width: windowSchema.shape.table_width.optional().meta({ description: "The plain backend's width (≤ 0: 90; at most 600)." }),
});

const FORMATS = {
  plain: { media: "text/plain", schema: () => z.string() },
  tsv: { media: "text/tab-separated-values", schema: () => z.string() },
  json: {
    media: "application/json",
    schema: () =>
      z.array(
        z.object({
          id: z.number().int(),
          created: z.string(),
          clock: z.string(),
          author__username: z.string(),
          user_agent: z.string(),
          web_render: z.string(),
          clock_indice: z.number().int(),
          clockclass: z.string(),
          owned: z.boolean(),
        }),
      ),
  },
  xml: { media: "application/xml", schema: () => z.string() },
  crap: { media: "application/xml", schema: () => z.string() },
} as const;
type Format = keyof typeof FORMATS;

const REMOTE: Record<string, Format> = { remote: "plain", "remote/tsv": "tsv", "remote/json": "json", "remote/xml": "xml", "crap/remote.xml": "crap" };
const POST: Record<string, Format> = { post: "plain", "post/tsv": "tsv", "post/json": "json", "post/xml": "xml", "crap/post.xml": "crap" };

const LOCKED = textAnswer("Without a session, token or HTTP Basic sign-in while settings.json `tribune.anonymous` is false: `The tribune is locked`.", "The tribune is locked");
const BAD_WINDOW = textAnswer("A bad window argument (`limit must be an integer`, …) or a refused post (`* content: …`).");
const BASIC_REFUSED = textAnswer("Wrong HTTP Basic credentials.");

const postFields = z.object({
  content: z.string().meta({ description: `The post (at most ${POST_MAX_LENGTH} characters); \`/bak …\` and \`/name …\` are commands.` }),
  last_id: z.string().optional().meta({ description: "As the query's `last_id` (for the answer's posts)." }),
});

interface Where {
  prefix: string;
  suffix: string;
  channel: boolean;
}
const WHERE: Where[] = [
  { prefix: "/tribune/", suffix: "", channel: false },
  { prefix: "/tribune/{channel}/", suffix: ":channel", channel: true },
];

function channelParams(where: Where, extra: Record<string, z.ZodType> = {}, examples: Record<string, string> = {}) {
  if (!where.channel && Object.keys(extra).length === 0) return undefined;
  const shape: Record<string, z.ZodType> = where.channel ? { channel: z.string().meta({ description: "A public channel." }), ...extra } : extra;
  return pathParams(shape, { ...(where.channel ? { channel: EX.channel } : {}), ...examples });
}

function tribuneOp(method: Method, where: Where, rest: string, spec: Omit<OperationSpec, "tags">): Operation {
  const built = operation(method, `${where.prefix}${rest}`, "optional", { ...spec, operationId: `${spec.operationId}${where.suffix}`, tags: [TAG] });
  // The tribune also takes HTTP Basic (coincoin clients).
  built.spec.security = [{ sessionCookie: [] }, { bearerToken: [] }, { basicAuth: [] }, {}];
  return built;
}

function remoteOps(where: Where): Operation[] {
  return Object.entries(REMOTE).map(([rest, format]) => {
    const { media, schema } = FORMATS[format];
    return tribuneOp("get", where, rest, {
      operationId: `tribune_${rest.replace(/[/.]/g, "_")}`,
      summary: `Backend: the latest posts (${format})`,
      description: "Answers 304 (no body) when nothing is in the window or nothing is newer than `If-Modified-Since`.",
      requestParams: { path: channelParams(where), query: format === "plain" ? plainQuery : windowQuery },
      responses: {
        "200": {
          description: "The posts.",
          headers: z.object({ "Last-Modified": z.string() }),
          content: { [media]: { schema: schema() } },
        },
        "304": emptyAnswer("Nothing new."),
        "400": BAD_WINDOW,
        "401": BASIC_REFUSED,
        "403": LOCKED,
      },
    });
  });
}

function postOps(where: Where): Operation[] {
  return Object.entries(POST).map(([rest, format]) => {
    const { media, schema } = FORMATS[format];
    const xml = format === "xml" || format === "crap";
    return tribuneOp("post", where, rest, {
      operationId: `tribune_${rest.replace(/[/.]/g, "_")}`,
      summary: `Post (answers the posts as ${format})`,
      description:
        "Form field `content` (urlencoded or multipart). The new id is in `X-Post-Id` (a command posts nothing and has none). PUT is the same." +
        (xml ? " The XML views answer an empty 200 unless `last_id` is given." : ""),
      requestParams: { path: channelParams(where), query: format === "plain" ? plainQuery : windowQuery },
      requestBody: {
        required: true,
        content: { "application/x-www-form-urlencoded": { schema: postFields, example: { content: `Hello from a coincoin (${format})`, ...(xml ? { last_id: "1" } : {}) } } },
      },
      responses: {
        "200": {
          description: "Posted; the window's posts in the view's format.",
          headers: z.object({ "X-Post-Id": z.string().optional() }),
          content: { [media]: { schema: schema() }, ...(xml ? { "text/plain": { schema: z.literal("") } } : {}) },
        },
        "400": BAD_WINDOW,
        "401": BASIC_REFUSED,
        "403": LOCKED,
      },
    });
  });
}

function pageOps(where: Where): Operation[] {
  const html = (description: string) => ({ description, content: { "text/html": { schema: z.string() } } });
  const ops: Operation[] = [
    tribuneOp("get", where, "", {
      operationId: "tribune_board",
      summary: "The HTML board",
      requestParams: { path: channelParams(where) },
      responses: { "200": html("The board page."), "401": BASIC_REFUSED, "403": LOCKED },
    }),
    tribuneOp("post", where, "", {
      operationId: "tribune_board_post",
      summary: "Post from the HTML board",
      requestParams: { path: channelParams(where) },
      requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: postFields.pick({ content: true }), example: { content: "Hello from the board page" } } } },
      responses: { "200": html("The board page."), "302": emptyAnswer("Back to the board."), "400": BAD_WINDOW, "401": BASIC_REFUSED, "403": LOCKED },
    }),
    tribuneOp("get", where, "noscript", {
      operationId: "tribune_noscript",
      summary: "The HTML board without scripts",
      requestParams: { path: channelParams(where) },
      responses: { "200": html("The board page."), "401": BASIC_REFUSED, "403": LOCKED },
    }),
    tribuneOp("get", where, "discovery.config", {
      operationId: "tribune_discovery",
      summary: "The coincoin discovery file (XML)",
      requestParams: { path: channelParams(where) },
      responses: { "200": { description: "Where the backends and post views are.", content: { "application/xml": { schema: z.string() } } } },
    }),
    tribuneOp("get", where, "clock/{clock}", {
      operationId: "tribune_clock",
      summary: "Posts made at a clock time (any date), as JSON",
      requestParams: {
        path: channelParams(where, { clock: z.string().regex(/^[:0-9]{5,9}$/).meta({ description: "`HH:MM`, `HH:MM:SS` or `HHMMSS`." }) }, { clock: "12:00:00" }),
        query: windowQuery,
      },
      responses: {
        "200": { description: "Posts, oldest first.", content: { "application/json": { schema: FORMATS.json.schema() } } },
        "400": textAnswer("Not a clock: `Unvalid clock format, should be 00:00[:00][^1]`."),
        "401": BASIC_REFUSED,
        "403": LOCKED,
      },
    }),
  ];
  if (!where.channel) {
    ops.push(
      tribuneOp("get", where, "urls", {
        operationId: "tribune_urls",
        summary: "The links posted on the tribune",
        responses: { "200": html("The URL archive."), "401": BASIC_REFUSED, "403": LOCKED },
      }),
      tribuneOp("post", where, "urls", {
        operationId: "tribune_urls_search",
        summary: "Search the links posted on the tribune",
        requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: z.object({ q: z.string().optional() }), example: { q: "example" } } } },
        responses: { "200": html("The matching links."), "401": BASIC_REFUSED, "403": LOCKED },
      }),
    );
  }
  return ops;
}

export const tribuneOperations: Operation[] = WHERE.flatMap((where) => [...pageOps(where), ...remoteOps(where), ...postOps(where)]);

export const TRIBUNE_SECURITY_SCHEME = {
  basicAuth: { type: "http", scheme: "basic", description: "The tribune (and only it) also takes HTTP Basic with a username and password, as coincoin clients send." },
} as const;
