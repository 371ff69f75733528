// Calls the tribune as a client would: a path under /tribune, headers, a form body. The answer is the
// framework-free one lib/http/node.ts writes to the socket (header names as written).
import { messageStore } from "@/lib/messages";
import { handleTribune, type TribuneAnswer } from "@/lib/tribune/service";

export type TribuneCall = {
  method?: string;
  headers?: Record<string, string>;
  /** A url-encoded form (object) or a raw body with its own content type in `headers`. */
  form?: Record<string, string>;
  body?: Buffer | string;
};

export type Answer = TribuneAnswer & { header(name: string): string | undefined; headerAll(name: string): string[] };

export async function tribune(path: string, call: TribuneCall = {}): Promise<Answer> {
  const url = new URL(path, "http://localhost:3000");
  const headers: Record<string, string> = { host: "localhost:3000", ...Object.fromEntries(Object.entries(call.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])) };
  let body: Buffer | null = null;
  if (call.form) {
    body = Buffer.from(new URLSearchParams(call.form).toString());
    headers["content-type"] ??= "application/x-www-form-urlencoded";
  } else if (call.body !== undefined) body = Buffer.from(call.body);
  const segments = url.pathname.replace(/^\/tribune/, "").split("/").slice(1).map(decodeURIComponent);
  const answer = await handleTribune({ method: call.method ?? (body ? "POST" : "GET"), segments, query: url.searchParams, headers, body });
  await messageStore().settled();
  return {
    ...answer,
    header: (name) => answer.headers.find(([n]) => n === name)?.[1],
    headerAll: (name) => answer.headers.filter(([n]) => n === name).map(([, v]) => v),
  };
}
