// `npm run make-admin -- <username> [--revoke]`
// Grants a user the boards' admin role (sticky, lock, move and delete threads, delete any post, the
// report queue), or takes it back with --revoke.
import { parseArgs } from "node:util";
import { setAdmin } from "../lib/boards/moderation";
import { isDomainError } from "../lib/errors";

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { revoke: { type: "boolean", default: false } } });
  const username = positionals[0];
  if (!username || positionals.length > 1) {
    console.error("Usage: npm run make-admin -- <username> [--revoke]");
    return 2;
  }
  try {
    const canonical = await setAdmin(username, !values.revoke);
    console.log(values.revoke ? `'${canonical}' is no longer an admin.` : `'${canonical}' is now an admin.`);
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
