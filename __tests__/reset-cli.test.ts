import { spawnSync } from "node:child_process";
import { resetTokenUser } from "@/lib/auth/accounts";
import { newUser } from "./helpers/http";

/** `npm run reset-password -- …` as the administrator runs it, against this test's data folder. */
const runCli = (...args: string[]) =>
  spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/reset-password.ts", ...args], {
    cwd: process.cwd(),
    env: process.env,
    encoding: "utf8",
    timeout: 60_000,
  });

it("prints a one-time reset link for an existing user, and refuses unknown ones", async () => {
  await newUser("Olga");
  const ok = runCli("olga", "--expires", "1", "--base-url", "https://chat.example.com/");
  expect(ok.status).toBe(0);
  const [first, link = ""] = ok.stdout.trim().split("\n");
  expect(first).toBe("Password reset URL for 'Olga' (expires in 1 minute):");
  expect(link).toMatch(/^https:\/\/chat\.example\.com\/reset-password\/[A-Za-z0-9_-]{43}$/);
  expect(await resetTokenUser(link.split("/").pop()!)).toBe("Olga");

  const unknown = runCli("nobody");
  expect(unknown.status).toBe(1);
  expect(unknown.stderr.trim()).toBe("Error: user 'nobody' does not exist");

  const usage = runCli();
  expect(usage.status).toBe(2);
  expect(usage.stderr).toContain("Usage: npm run reset-password -- <username>");
}, 90_000);
