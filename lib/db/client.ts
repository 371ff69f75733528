import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseBackend } from "@/lib/backends";
import { paths } from "@/lib/config";
import { existingSingleton, singleton } from "@/lib/globals";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "@/lib/generated/prisma-pg/client";

/**
 * The client callers see, whichever engine stands behind it. Both generated clients come from the same
 * models (prisma/postgres/schema.prisma is written from prisma/schema.prisma), so their model APIs are
 * the same; they differ only in provider-specific extras (e.g. `mode: "insensitive"` filters exist on
 * PostgreSQL only), which callers must not use. Hence one type, and a cast for the PostgreSQL client.
 */
export type Db = PrismaClient;

/** Connections per instance to the shared database on PostgreSQL (the message store has its own pool). */
const PG_POOL_SIZE = 5;

const sqliteKey = () => `prisma:${paths().sharedDb}`;
const pgKey = (url: string) => `prisma-pg:${url}`;

/** The shared database (users, presence, reactions, receipts, private channels, the id sequence, the journal). */
export function db(): Db {
  const database = databaseBackend();
  if (database.kind === "postgres") {
    return singleton(pgKey(database.url), () => {
      const adapter = new PrismaPg(
        { connectionString: database.url, max: PG_POOL_SIZE, application_name: "minimost-shared" },
        { onPoolError: (err) => console.error("[db] idle PostgreSQL connection failed", err) },
      );
      return new PgPrismaClient({ adapter }) as unknown as Db;
    });
  }
  const file = paths().sharedDb;
  return singleton(sqliteKey(), () => {
    const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: "file:" + file, timeout: 5000 }) });
    // WAL (set by the migration script) with NORMAL sync survives a killed process without an fsync
    // per commit. Queries on this client are serialised, so this runs before anything else.
    client.$queryRawUnsafe("PRAGMA synchronous = NORMAL").catch((err: unknown) => console.error("[db] pragma failed", err));
    return client;
  });
}

/** Closes the shared-database connection(s) if one was opened (shutdown, end of a test file). */
export async function disconnectDb(): Promise<void> {
  const database = databaseBackend();
  const keys = database.kind === "postgres" ? [pgKey(database.url), sqliteKey()] : [sqliteKey()];
  await Promise.all(keys.map((key) => existingSingleton<Db>(key)?.$disconnect()));
}

/** True when err is Prisma's unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === "P2002";
}

export const nowSeconds = () => Date.now() / 1000;
