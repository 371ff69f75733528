import "server-only";
import { databaseBackend } from "@/lib/backends";

export type Dialect = "sqlite" | "postgres";

/**
 * Which SQL the shared database speaks. Raw SQL is written once for both engines wherever it can be;
 * where they differ (JSON aggregation, full-text search), the caller picks one of two texts by this.
 */
export function dialect(): Dialect {
  return databaseBackend().kind;
}
