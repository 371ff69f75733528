import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

const shared = {
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1" },
  testPathIgnorePatterns: ["/node_modules/", "/.next/", "/e2e/"],
};

/** Two projects: route handlers and domain code in node, components in jsdom. */
export default async function config() {
  const server = await createJestConfig({
    ...shared,
    displayName: "server",
    testEnvironment: "node",
    testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
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
    projects: [server, ui],
  };
}
