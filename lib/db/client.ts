import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { paths } from "@/lib/config";
import { existingSingleton, singleton } from "@/lib/globals";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type Db = PrismaClient;

/** The shared database (users, presence, reactions, receipts, private channels, the id sequence, the journal). */
export function db(): PrismaClient {
  const file = paths().sharedDb;
  return singleton(`prisma:${file}`, () => {
    const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: "file:" + file, timeout: 5000 }) });
    // WAL (set by the migration script) with NORMAL sync survives a killed process without an fsync
    // per commit. Queries on this client are serialised, so this runs before anything else.
    client.$queryRawUnsafe("PRAGMA synchronous = NORMAL").catch((err: unknown) => console.error("[db] pragma failed", err));
    return client;
  });
}

/** Closes the shared-database connection if one was opened (shutdown, end of a test file). */
export async function disconnectDb(): Promise<void> {
  await existingSingleton<PrismaClient>(`prisma:${paths().sharedDb}`)?.$disconnect();
}

/** True when err is Prisma's unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === "P2002";
}

export const nowSeconds = () => Date.now() / 1000;
