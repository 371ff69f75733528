import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

const shared = {
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1" },
  testPathIgnorePatterns: ["/node_modules/", "/.next/", "/e2e/"],
};

/**
 * `npm run test:scale` (MINIMOST_TEST_SCALE=1) runs the server project on PostgreSQL + Redis + s3rver.
 * These files are about the SQLite configuration's own internals, which do not exist there; every route
 * suite runs in both configurations.
 */
const SQLITE_ONLY = {
  "store.test.ts": "the per-user SQLite files' schema, queries and file handling",
  "store-contract.test.ts": "the contract against SqliteMessageStore (store-contract-postgres runs it on PostgreSQL)",
  "file-cache.test.ts": "the bound on open SQLite message files",
  "fanout-worker.test.ts": "the worker threads that write SQLite message files",
  "crash.test.ts": "a killed process's SQLite journal replay (e2e/scale covers a killed instance on PostgreSQL)",
  "history.test.ts": "the SQLite delivery journal and files, driven directly",
  "retention.test.ts": "purging rows file by file from the SQLite message files",
  "migrate-data.test.ts": "reads a SQLite install to copy it into PostgreSQL: it makes both itself",
};

/**
 * Packages published only as ES modules, which Jest's CommonJS runtime needs compiled like our own
 * files (use-intl, the i18n library, and what it imports).
 */
const ESM_PACKAGES = ["use-intl", "intl-messageformat", "@formatjs", "icu-minify", "@schummar/icu-type-parser"];
const compileEsmPackages = (project) => ({
  ...project,
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join("|")})/)`, ...project.transformIgnorePatterns.slice(1)],
});

/** Two projects: route handlers and domain code in node, components in jsdom. */
export default async function config() {
  const scale = process.env.MINIMOST_TEST_SCALE === "1";
  const server = await createJestConfig({
    ...shared,
    displayName: "server",
    testEnvironment: "node",
    testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
    testPathIgnorePatterns: [
      ...shared.testPathIgnorePatterns,
      ...(scale ? Object.keys(SQLITE_ONLY).map((file) => `/__tests__/${file.replace(/\./g, "\\.")}$`) : []),
    ],
    setupFiles: ["<rootDir>/__tests__/helpers/env.ts"],
    setupFilesAfterEnv: ["<rootDir>/__tests__/helpers/cleanup.ts"],
  })();
  const ui = await createJestConfig({
    ...shared,
    displayName: "ui",
    testEnvironment: "jsdom",
    testMatch: ["<rootDir>/__tests__/**/*.test.tsx"],
    setupFilesAfterEnv: ["@testing-library/jest-dom"],
  })();
  return {
    globalSetup: "<rootDir>/__tests__/helpers/global-setup.mjs",
    globalTeardown: "<rootDir>/__tests__/helpers/global-teardown.mjs",
    projects: [compileEsmPackages(server), compileEsmPackages(ui)],
  };
}
