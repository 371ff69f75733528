import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** One `no-restricted-imports` block: `rules` are [what, why] pairs of import patterns. */
function restrictImports(name, files, ignores, rules) {
  return {
    name,
    files,
    ignores,
    rules: {
      "no-restricted-imports": ["error", { patterns: rules.map(([group, message]) => ({ group, message })) }],
    },
  };
}

const SQLITE = [["better-sqlite3"], "Message storage lives behind lib/messages (the MessageStore port)."];
const MESSAGE_INTERNALS = [[["@/lib/messages/*", "**/messages/sqlite", "**/messages/sqlite/*"], "Use the MessageStore port from @/lib/messages, not its internals."]];
const APP = [["@/app", "@/app/*"], "lib never imports app/: move what both need into lib."];
const HTTP = [["@/lib/http", "@/lib/http/*"], "Domain code never imports lib/http: throw a domain error from @/lib/errors."];
const NEXT = [["next", "next/*"], "Domain code never imports Next.js; lib/http does."];
const face = (own) => [
  ["chat", "tribune", "boards"].filter((f) => f !== own).flatMap((f) => [`@/lib/${f}`, `@/lib/${f}/*`]),
  "The faces never import each other: what two faces share belongs to the core (lib/messaging, lib/bak…).",
];
const SERVER_ONLY = [
  [
    "server-only", "better-sqlite3", "sharp", "busboy", "@prisma/*", "node:*", "fs", "path", "crypto",
    "@/lib/db", "@/lib/db/*", "@/lib/messages", "@/lib/messages/*", "@/lib/messaging", "@/lib/messaging/*",
    "@/lib/auth/*", "@/lib/http", "@/lib/http/*", "@/lib/events", "@/lib/events/*", "@/lib/previews/*",
    "@/lib/generated/*", "@/lib/config", "@/lib/chat/*", "!@/lib/chat/wire", "!@/lib/chat/norloges", "!@/lib/chat/search-query", "@/lib/uploads/*", "!@/lib/uploads/names",
  ],
  "Client code never imports server modules; wire types live in lib/chat/wire.ts, norloges in lib/chat/norloges.ts, the search box's language in lib/chat/search-query.ts, upload-name rules in lib/uploads/names.ts.",
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "node_modules/**", "lib/generated/**", "next-env.d.ts", "e2e/artifacts/**", "coverage/**"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The layers (DESIGN.md "Code layout"), enforced. Each block covers its own part of the tree (a later
  // block would replace, not extend, an earlier one's list for the same file).
  restrictImports("routes, start-up and scripts: storage only through the MessageStore port",
    ["app/**/*.{ts,tsx}", "pages/**/*.ts", "proxy.ts", "instrumentation.ts", "scripts/**/*.ts"], ["app/_components/**"],
    [SQLITE, ...MESSAGE_INTERNALS]),
  restrictImports("lib/http: the one place that speaks HTTP, on the ports like everyone else",
    ["lib/http/**/*.ts"], [], [SQLITE, ...MESSAGE_INTERNALS, APP]),
  // The API's description is about HTTP (paths, params, statuses): it reads lib/http's schemas, never app/.
  restrictImports("lib/api: the HTTP API described, from the schemas the routes validate with",
    ["lib/api/**/*.ts"], [], [SQLITE, ...MESSAGE_INTERNALS, APP, NEXT]),
  restrictImports("the domain: no HTTP, no Next.js, no app/, no storage internals",
    ["lib/**/*.{ts,tsx}"], ["lib/http/**", "lib/api/**", "lib/messages/**", "lib/client/**", "lib/chat/**", "lib/tribune/**", "lib/boards/**"],
    [SQLITE, ...MESSAGE_INTERNALS, APP, HTTP, NEXT]),
  ...["chat", "tribune", "boards"].map((own) =>
    restrictImports(`lib/${own}: a face, on the core like the domain, never on another face`,
      [`lib/${own}/**/*.{ts,tsx}`], [], [SQLITE, ...MESSAGE_INTERNALS, APP, HTTP, NEXT, face(own)])),
  restrictImports("the message store itself: no HTTP, no Next.js, no app/",
    ["lib/messages/**/*.ts"], [], [APP, HTTP, NEXT]),
  restrictImports("client components run in the browser: no server module",
    ["app/_components/**/*.{ts,tsx}"], [], [SERVER_ONLY]),
  restrictImports("browser-side helpers in lib: no server module, no app/",
    ["lib/client/**/*.{ts,tsx}"], [], [SERVER_ONLY, APP]),
  {
    // Plain Node scripts (start-up, test runners, benchmarks) are CommonJS-free ESM run by node itself.
    files: ["**/*.mjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
]);
