// The README says what works today: every route the app serves is documented there, and no face
// that is not built is promised.
import fs from "node:fs";
import path from "node:path";
import { appPaths } from "@/lib/http/app-paths";

const root = path.join(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

/**
 * `/messages/:channel` → `/messages`: the fixed part a reader looks for; null for next-auth's own
 * catch-all (`/api/auth/:nextauth+`), which is not ours to document.
 */
function documentedPrefix(source: string): string | null {
  const fixed: string[] = [];
  for (const segment of source.split("/").slice(1)) {
    if (segment.startsWith(":")) {
      if (segment.endsWith("+") || segment.endsWith("*")) return null;
      break;
    }
    fixed.push(segment);
  }
  return "/" + fixed.join("/");
}

describe("README", () => {
  const routes = appPaths(path.join(root, "app"))
    .filter((p) => p.kind === "route")
    .map((p) => documentedPrefix(p.source))
    .filter((p): p is string => p !== null && p !== "/");

  const mentioned = (fragment: string) => new RegExp(`\`[^\`]*${fragment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_-])`).test(readme);

  it.each(routes)("documents %s", (route) => {
    // Tables list sub-paths of one area in one cell (`/private_channels/<id>/rename`, `/leave`).
    expect(mentioned(route) || mentioned("/" + route.split("/").pop())).toBe(true);
  });

  // A face is served from app/<face>, or (the tribune: header casing) by lib/http/<face>.ts before Next.js.
  const served = (face: string) => fs.existsSync(path.join(root, "app", face)) || fs.existsSync(path.join(root, "lib", "http", `${face}.ts`));

  it.each(["tribune", "boards"])("promises /%s only once it is served", (face) => {
    if (!served(face)) expect(readme).not.toMatch(new RegExp(`/${face}\\b`, "i"));
  });

  it("tells a coincoin user which URLs to paste, once the tribune is served", () => {
    expect(served("tribune")).toBe(true);
    expect(readme).toContain("## Using a coincoin client");
    for (const path of ["/tribune/general/remote/xml/", "/tribune/general/post/xml/", "discovery.config"]) expect(readme).toContain(path);
  });

  it("says how the server listens and how to sign up over the API", () => {
    expect(readme).toMatch(/every interface/);
    expect(readme).toContain("POST /api/signup");
  });
});
