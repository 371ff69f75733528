// Runs a route handler inside the request scope Next.js gives it on a server, so handlers that read
// `cookies()` or `headers()` from next/headers (next-auth's) can be called directly by tests.
import type { NextRequest } from "next/server";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { createRequestStoreForAPI } from "next/dist/server/async-storage/request-store";
import { createWorkStore } from "next/dist/server/async-storage/work-store";

export function inRequestScope<T>(req: NextRequest, page: string, run: () => Promise<T>): Promise<T> {
  const workStore = createWorkStore({
    page,
    renderOpts: { experimental: {} } as never,
    buildId: "test",
    previouslyRevalidatedTags: [],
  } as never);
  const implicitTags = { tags: [], expirationsByCacheKind: new Map() } as never;
  const requestStore = createRequestStoreForAPI(req as never, req.nextUrl, implicitTags, undefined, undefined as never, undefined);
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, run));
}
