/**
 * Link previews (spec §2.5): Bitbucket Cloud and Bitbucket Server source links and raw text files
 * become code cards; anything else an OpenGraph card. Every fetch goes through safeFetch; results
 * (empty ones too) are cached with an expiry, in Redis when there is one (every instance answers from
 * a preview any of them fetched). Any failure is `{}`.
 */
import "server-only";
import ogs from "open-graph-scraper";
import { singleton } from "@/lib/globals";
import { isTextFilename } from "@/lib/uploads/names";
import { sharedCache } from "./cache";
import { codePreview, type CodePreview } from "./code";
import { FetchRefused, safeFetch, vetUrl } from "./safe-fetch";

export interface OgPreview {
  type: "og";
  title: string;
  description: string;
  image: string;
  domain: string;
  url: string;
}

export type Preview = CodePreview | OgPreview | Record<string, never>;

const HTML_CAP = 64 * 1024;
const CODE_CAP = 512 * 1024;
const HIT_TTL_MS = 60 * 60 * 1000;
const MISS_TTL_MS = 10 * 60 * 1000;

interface CodeSource {
  fetchUrl: string;
  filepath: string;
  lineStart: number | null;
  lineEnd: number | null;
}

const lines = (start?: string, end?: string) => ({ lineStart: start ? Number(start) : null, lineEnd: end ? Number(end) : null });

/** `bitbucket.org/<ws>/<repo>/src/<ref>/<path>#lines-N[:M]` → the API's raw file. */
export function bitbucketCloudSource(url: URL): CodeSource | null {
  if (url.hostname !== "bitbucket.org" && url.hostname !== "www.bitbucket.org") return null;
  const match = /^\/([^/]+)\/([^/]+)\/src\/([^/]+)\/(.+)$/.exec(url.pathname);
  if (!match) return null;
  const [, ws, repo, ref, file = ""] = match;
  const fragment = /^#lines-(\d+)(?::(\d+))?$/.exec(url.hash);
  return {
    fetchUrl: `https://api.bitbucket.org/2.0/repositories/${ws}/${repo}/src/${ref}/${file}`,
    filepath: decodeURIComponent(file),
    ...lines(fragment?.[1], fragment?.[2]),
  };
}

/** `<host>/projects/<P>/repos/<R>/browse/<path>#N[-M]` (Bitbucket Server) → its raw endpoint. */
export function bitbucketServerSource(url: URL): CodeSource | null {
  const match = /^\/projects\/([^/]+)\/repos\/([^/]+)\/browse\/(.+)$/.exec(url.pathname);
  if (!match) return null;
  const [, project, repo, file = ""] = match;
  const fragment = /^#(\d+)(?:-(\d+))?$/.exec(url.hash);
  return {
    fetchUrl: `${url.protocol}//${url.host}/rest/api/1.0/projects/${project}/repos/${repo}/raw/${file}${url.search}`,
    filepath: decodeURIComponent(file),
    ...lines(fragment?.[1], fragment?.[2]),
  };
}

function rawTextSource(url: URL): CodeSource | null {
  const file = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  if (!file || !isTextFilename(file)) return null;
  return { fetchUrl: url.toString().replace(/#.*$/, ""), filepath: decodeURIComponent(url.pathname.replace(/^\//, "")), lineStart: null, lineEnd: null };
}

async function fetchCode(source: CodeSource, original: string): Promise<CodePreview | null> {
  const res = await safeFetch(source.fetchUrl, { maxBytes: CODE_CAP, accept: "text/plain, */*" });
  if (res.status !== 200 || res.body.includes(0)) return null;
  const filename = source.filepath.split("/").pop() ?? source.filepath;
  return codePreview(res.body.toString("utf8"), { filename, filepath: source.filepath, url: original, lineStart: source.lineStart, lineEnd: source.lineEnd });
}

const clip = (text: string | undefined, max: number) => [...(text ?? "").replace(/\s+/g, " ").trim()].slice(0, max).join("");

async function fetchOpenGraph(url: URL, original: string): Promise<OgPreview | null> {
  const res = await safeFetch(url.toString(), { maxBytes: HTML_CAP, accept: "text/html, application/xhtml+xml" });
  if (res.status !== 200 || !/html/i.test(res.contentType)) return null;
  const html = res.body.toString("utf8");
  const head = html.split(/<body[\s>]/i)[0];
  const { result } = await ogs({ html: head });
  const title = clip(result.ogTitle || result.twitterTitle, 200);
  if (!title) return null;
  let image = "";
  const rawImage = result.ogImage?.[0]?.url || result.twitterImage?.[0]?.url;
  if (rawImage) {
    try {
      const absolute = new URL(rawImage, res.url);
      if (absolute.protocol === "https:" || absolute.protocol === "http:") image = absolute.toString();
    } catch {
      image = "";
    }
  }
  return {
    type: "og",
    title,
    description: clip(result.ogDescription || result.twitterDescription, 400),
    image,
    domain: url.host,
    url: original,
  };
}

async function build(raw: string): Promise<Preview> {
  let url: URL;
  try {
    url = vetUrl(raw).url;
  } catch {
    return {};
  }
  try {
    const source = bitbucketCloudSource(url) ?? bitbucketServerSource(url) ?? rawTextSource(url);
    const code = source ? await fetchCode(source, raw).catch(() => null) : null;
    return code ?? (await fetchOpenGraph(url, raw)) ?? {};
  } catch (err) {
    if (!(err instanceof FetchRefused)) console.warn(`[preview] ${raw}: ${(err as Error).message}`);
    return {};
  }
}

const cache = () => sharedCache<Preview>("link-preview");

/**
 * Fetches under way in this process, by URL: concurrent requests for one URL share one fetch. Per instance
 * (a promise cannot be shared): two instances asked at the same moment may each fetch once.
 */
const fetching = () => singleton("link-preview-fetches", () => new Map<string, Promise<Preview>>());

/** `GET /link_preview?url=`: the preview card, `{}` when there is none. */
export async function linkPreview(raw: string | null): Promise<Preview> {
  const url = raw?.trim() ?? "";
  if (!url || url.length > 2048) return {};
  const underWay = fetching().get(url);
  if (underWay) return underWay;
  const hit = await cache().get(url);
  if (hit) return hit;
  // Looked again: another request may have started the fetch while the cache answered.
  let value = fetching().get(url);
  if (!value) {
    value = build(url).then(async (preview) => {
      await cache().set(url, preview, Object.keys(preview).length === 0 ? MISS_TTL_MS : HIT_TTL_MS);
      return preview;
    });
    // Dropped once kept (or failed to be): later requests read the cache.
    const fetch = value;
    fetching().set(url, fetch);
    // Callers see a failure through `fetch` itself; this branch only tidies up.
    fetch
      .finally(() => {
        if (fetching().get(url) === fetch) fetching().delete(url);
      })
      .catch(() => {});
  }
  return value;
}

/** Tests: forget every cached preview (in Redis too when there is one). */
export async function clearPreviewCache(): Promise<void> {
  await cache().clear();
}
