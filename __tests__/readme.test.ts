// The README says what works today: every route the app serves is documented there, and no face
// that is not built is promised.
import fs from "node:fs";
import path from "node:path";

const root = path.join(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** `app/(chat)/messages/[channel]/route.ts` → `/messages`: the fixed part a reader looks for. */
function documentedPrefix(file: string): string | null {
  const segments = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep);
  const fixed: string[] = [];
  for (const segment of segments) {
    if (/^\(.*\)$/.test(segment)) continue; // route groups are not part of the URL
    if (segment.startsWith("[...")) return null; // next-auth's own catch-all
    if (segment.startsWith("[")) break;
    fixed.push(segment);
  }
  return "/" + fixed.join("/");
}

describe("README", () => {
  const routes = routeFiles(path.join(root, "app"))
    .map(documentedPrefix)
    .filter((p): p is string => p !== null && p !== "/");

  const mentioned = (fragment: string) => new RegExp(`\`[^\`]*${fragment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_-])`).test(readme);

  it.each(routes)("documents %s", (route) => {
    // Tables list sub-paths of one area in one cell (`/private_channels/<id>/rename`, `/leave`).
    expect(mentioned(route) || mentioned("/" + route.split("/").pop())).toBe(true);
  });

  it.each(["tribune", "boards"])("promises /%s only once it is served", (face) => {
    const built = fs.existsSync(path.join(root, "app", face));
    if (!built) expect(readme).not.toMatch(new RegExp(`/${face}\\b`, "i"));
  });

  it("says how the server listens and how to sign up over the API", () => {
    expect(readme).toMatch(/every interface/);
    expect(readme).toContain("POST /api/signup");
  });
});
