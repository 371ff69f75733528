// `npm run reset-password -- <username> [--expires MINUTES] [--base-url URL]`
// Prints a one-time link that lets the user set a new password; the user is told in their system DM.
import { parseArgs } from "node:util";
import { createResetToken } from "../lib/auth/accounts";
import { isDomainError } from "../lib/errors";

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { expires: { type: "string", default: "60" }, "base-url": { type: "string" } },
  });
  const username = positionals[0];
  const minutes = Number(values.expires);
  if (!username || positionals.length > 1 || !Number.isInteger(minutes) || minutes <= 0) {
    console.error("Usage: npm run reset-password -- <username> [--expires MINUTES] [--base-url URL]");
    return 2;
  }
  const base = (values["base-url"] ?? `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
  try {
    const { username: canonical, token } = await createResetToken(username, minutes);
    console.log(`Password reset URL for '${canonical}' (expires in ${minutes} minute${minutes === 1 ? "" : "s"}):`);
    console.log(`${base}/reset-password/${token}`);
    return 0;
  } catch (err) {
    if (isDomainError(err)) {
      console.error(`Error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
