/** The account routes' JSON bodies as zod schemas (see lib/schemas.ts for how a failure is worded). */
import { z } from "zod";
import { checked } from "@/lib/schemas";

/**
 * `POST /delete_account` `{"type": "soft"|"hard", "password"}`. A password that is not a string is
 * null: the domain answers it as any wrong password.
 */
export const deleteAccountBody = z.object({
  type: checked((value): value is "soft" | "hard" => value === "soft" || value === "hard", "Invalid delete type."),
  password: z
    .unknown()
    .optional()
    .transform((value) => (typeof value === "string" ? value : null)),
});
