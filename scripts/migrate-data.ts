// `npm run migrate-data -- --to postgres` (issue 14, "Moving an existing install"): copies a SQLite install
// (DATA_DIR: shared.db, users/*.db, channels/*.db) into the PostgreSQL database of DATABASE_URL, and
// UPLOAD_DIR into S3 when S3_BUCKET is set, then compares counts table by table. The source is only read.
// Every write keeps what the destination already has, so a run can be repeated: a second run adds nothing
// and says so. Stop the app on the source first (a running app keeps writing to it). Refused before anything
// is written: an install from an older release, or one whose fan-out journal still owes copies (the app
// finishes those at its next start), since either would be copied incomplete.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type { Pool } from "pg";
import { databaseBackend, s3Backend, type S3Backend } from "../lib/backends";
import { copySharedDatabase, openSqliteSource, sourceMessageSequence, sourceMigrations, sourceRowCount } from "../lib/db/copy";
// The bulk import writes the store's own tables, which the MessageStore port (made for the app) does not offer.
// eslint-disable-next-line no-restricted-imports
import {
  channelOfArchiveFile,
  destinationCounts,
  importArchiveRows,
  importHiddenDms,
  importPool,
  importViewRows,
  messageFilesIn,
  messageSequenceValue,
  openSourceFile,
  ownerOfUserFile,
  prepareMessageTables,
  raiseMessageSequence,
  sourceHiddenDms,
  sourceMaxId,
  sourceRows,
} from "@/lib/messages/postgres/import";
import { FsBlobStore, isBlobName, type BlobInfo, type BlobStore } from "../lib/uploads/storage";
import { S3BlobStore } from "../lib/uploads/s3";

const USAGE = "Usage: npm run migrate-data -- --to postgres   (DATA_DIR and UPLOAD_DIR: the source; DATABASE_URL: the PostgreSQL destination; S3_BUCKET etc.: where uploads go)";

/** The fan-out journal: the PostgreSQL store delivers in one transaction and has none to copy. */
const NOT_COPIED = new Set(["FanoutJournal"]);

/** A refusal: said plainly, nothing written. */
export class Refusal extends Error {
  override name = "Refusal";
}

export interface MigrateDataOptions {
  dataDir: string;
  uploadDir: string;
  databaseUrl: string;
  s3: S3Backend | null;
  /** Progress and report lines. */
  log?: (line: string) => void;
}

export interface CheckRow {
  what: string;
  source: number;
  destination: number;
  ok: boolean;
  note?: string;
}

export interface MigrateDataReport {
  checks: CheckRow[];
  /** Rows, views, marks, sequences and blobs this run added or moved (0: the run changed nothing). */
  changed: number;
  ok: boolean;
  /** Set when uploads were left where they are (no S3 configured). */
  uploadsLeftIn?: string;
  /** What the instances on the destination need that is not in the database. */
  hints: string[];
  seconds: number;
}

/** Runs scripts/migrate.mjs's migrate() for the destination: the shared tables, made as the app makes them. */
async function migrateSharedTables(databaseUrl: string): Promise<void> {
  // A computed specifier: the script is plain JavaScript without type declarations.
  const script = pathToFileURL(path.join(__dirname, "migrate.mjs")).href;
  const { migrate } = (await import(script)) as { migrate: (env: NodeJS.ProcessEnv) => Promise<string> };
  const where = await migrate({ ...process.env, DATABASE_URL: databaseUrl });
  if (where !== databaseUrl) throw new Error("the shared-database migration did not run on PostgreSQL");
}

/** The folders of the upload store: the top level and each plain sub-folder (avatars, boards...). */
function blobFolders(uploadDir: string): string[] {
  if (!fs.existsSync(uploadDir)) return [];
  const subfolders = fs
    .readdirSync(uploadDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && isBlobName(e.name))
    .map((e) => e.name)
    .sort();
  return ["", ...subfolders];
}

/** Blobs copied at once: each is a few requests to the bucket, mostly waiting. */
const BLOBS_IN_FLIGHT = 8;

async function copyBlobs(
  source: BlobStore,
  destination: BlobStore | null,
  folders: readonly string[],
  log: (line: string) => void,
): Promise<{ source: number; destination: number; copied: number }> {
  const blobs: BlobInfo[] = [];
  for (const folder of folders) for await (const blob of source.list(folder)) blobs.push(blob);
  if (!destination) return { source: blobs.length, destination: 0, copied: 0 };
  let gone = 0;
  let present = 0;
  let copied = 0;
  let next = 0;
  let lastLog = Date.now();
  const worker = async (store: BlobStore) => {
    while (next < blobs.length) {
      const blob = blobs[next++]!;
      const there = await store.stat(blob.key);
      // Stored names are never reused for other bytes (uploads and board images get fresh names; a
      // new avatar replaces the old under a new one), so a blob of the same size is that blob.
      if (!there || there.size !== blob.size) {
        const bytes = await source.get(blob.key);
        if (!bytes) {
          gone++; // removed from the source meanwhile: nothing to copy, nothing missing
          continue;
        }
        await store.put(blob.key, bytes);
        copied++;
      }
      present++;
      if (Date.now() - lastLog > 1000) {
        log(`  blobs ${present + gone}/${blobs.length} (${copied} copied)`);
        lastLog = Date.now();
      }
    }
  };
  const failed = (await Promise.allSettled(Array.from({ length: BLOBS_IN_FLIGHT }, () => worker(destination)))).find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  log(`  blobs ${blobs.length} (${copied} copied)`);
  return { source: blobs.length - gone, destination: present, copied };
}

/** What the moved install needs besides its data (never printing a secret). */
function hintsFor(options: MigrateDataOptions): string[] {
  const hints: string[] = [];
  const secretFile = path.join(options.dataDir, "secret.key");
  if (fs.existsSync(secretFile) && !(process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET)) {
    hints.push(`Sessions were signed with ${secretFile}: set AUTH_SECRET to its contents on every instance to keep users signed in (any other value signs everyone out).`);
  }
  hints.push("settings.json is not in the database: give every instance the same file (SETTINGS_FILE).");
  return hints;
}

export async function migrateData(options: MigrateDataOptions): Promise<MigrateDataReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const sharedDb = path.join(options.dataDir, "shared.db");
  if (!fs.existsSync(sharedDb)) throw new Refusal(`${options.dataDir} has no shared.db: DATA_DIR must name the data folder of a SQLite install`);

  const source = openSqliteSource(sharedDb);
  let pool: Pool | null = null;
  try {
    // The source's tables as this release has them: an older install is brought up to date by the app first.
    const applied = new Set(sourceMigrations(source));
    const missing = fs
      .readdirSync(path.join(__dirname, "..", "prisma", "migrations"))
      .filter((name) => fs.existsSync(path.join(__dirname, "..", "prisma", "migrations", name, "migration.sql")) && !applied.has(name));
    if (missing.length > 0) {
      throw new Refusal(
        `${sharedDb} lacks this release's migrations (${missing.join(", ")}): start this release of the app on it once (or run npm run migrate with DATABASE_URL unset), stop it, and run this again`,
      );
    }

    // Unfinished deliveries mean some users' files lack copies the journal still owes them.
    const pending = sourceRowCount(source, "FanoutJournal");
    if (pending > 0) {
      throw new Refusal(
        `the source has ${pending} unfinished deliveries in its fan-out journal: start the app on it once (it finishes them at start-up), stop it, and run this again`,
      );
    }

    // Every message file named as the app names them and of this release's schema, before anything is written.
    const userDir = path.join(options.dataDir, "users");
    const channelDir = path.join(options.dataDir, "channels");
    const archiveFiles = messageFilesIn(channelDir).map((file) => ({ file, channel: channelOfArchiveFile(path.basename(file)) }));
    const userFiles = messageFilesIn(userDir).map((file) => ({ file, owner: ownerOfUserFile(path.basename(file)) }));
    for (const { file, channel } of archiveFiles) if (channel === null) throw new Refusal(`${file} is not named as an archive file is`);
    for (const { file, owner } of userFiles) if (owner === null) throw new Refusal(`${file} is not named as a user's message file is`);
    for (const { file } of [...archiveFiles, ...userFiles]) openSourceFile(file).close();

    log(`Source: ${options.dataDir} and ${options.uploadDir}`);
    log("Destination: PostgreSQL" + (options.s3 ? ` and S3 bucket ${options.s3.bucket}` : ""));
    await migrateSharedTables(options.databaseUrl);
    pool = importPool(options.databaseUrl);
    await prepareMessageTables(pool);

    const checks: CheckRow[] = [];
    let changed = 0;

    // 1. The shared database, table by table.
    log("Shared database:");
    let shown = 0;
    const shared = await copySharedDatabase(source, pool, {
      skip: NOT_COPIED,
      onProgress: (table, done, total) => {
        // A big table says how far it is, once a second.
        if (done > 0 && done < total && Date.now() - shown > 1000) {
          log(`  ${table}: ${done}/${total} rows`);
          shown = Date.now();
        }
      },
    });
    for (const t of shared.tables) {
      log(`  ${t.table}: ${t.source} rows, ${t.inserted} new`);
      changed += t.inserted;
      checks.push({ what: `table ${t.table}`, source: t.source, destination: t.destination, ok: t.source === t.destination });
    }
    for (const m of shared.missing) checks.push({ what: `table ${m.table}`, source: m.rows, destination: 0, ok: false, note: "not in the destination schema" });
    changed += shared.sequencesMoved;

    // 2. Public archives.
    let maxId = 0;
    const archiveSource = new Map<string, number>();
    log(`Archives: ${archiveFiles.length}`);
    for (const { file, channel } of archiveFiles as { file: string; channel: string }[]) {
      const handle = openSourceFile(file);
      try {
        let rows = 0;
        let added = 0;
        for (const batch of sourceRows(handle)) {
          added += await importArchiveRows(pool, channel, batch);
          rows += batch.length;
        }
        changed += added;
        archiveSource.set(channel, rows);
        maxId = Math.max(maxId, sourceMaxId(handle));
        log(`  ${channel}: ${rows} messages, ${added} new`);
      } finally {
        handle.close();
      }
    }

    // 3. Each user's view: copies with their read flags, and hidden DMs. Two files at a time: while
    // PostgreSQL inserts one user's rows, the next user's are read and encoded.
    const viewSource = new Map<string, { rows: number; hidden: number }>();
    let lastLog = Date.now();
    let copiesAdded = 0;
    let next = 0;
    let done = 0;
    log(`Users: ${userFiles.length}`);
    const importUsers = async (db: Pool) => {
      while (next < userFiles.length) {
        const { file, owner } = userFiles[next++] as { file: string; owner: string };
        const handle = openSourceFile(file);
        try {
          // Counted locally, added once: `total += await ...` would read the total before the await and
          // lose what the other worker added meanwhile.
          let rows = 0;
          let added = await importViewRows(db, owner, []); // the view, even when empty
          for (const batch of sourceRows(handle)) {
            added += await importViewRows(db, owner, batch);
            rows += batch.length;
          }
          const hidden = sourceHiddenDms(handle);
          added += await importHiddenDms(db, owner, hidden);
          copiesAdded += added;
          viewSource.set(owner, { rows, hidden: hidden.length });
          maxId = Math.max(maxId, sourceMaxId(handle));
        } finally {
          handle.close();
        }
        done++;
        if (done === userFiles.length || Date.now() - lastLog > 1000) {
          log(`  users ${done}/${userFiles.length} (${copiesAdded} new rows so far)`);
          lastLog = Date.now();
        }
      }
    };
    // Both settle before a failure is raised: the pool is closed only once neither uses it.
    const failed = (await Promise.allSettled([importUsers(pool), importUsers(pool)])).find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;

    changed += copiesAdded;

    // 4. The id counter: past every id handed out, so the next message cannot reuse one.
    const counter = Math.max(maxId, sourceMessageSequence(source));
    if (await raiseMessageSequence(pool, counter)) changed++;

    // 5. Verification of the message store, from the destination's own counts.
    const dest = await destinationCounts(pool);
    const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
    const owners = [...viewSource.keys()];
    const badViews = owners.filter((o) => !dest.views.has(o) || (dest.copies.get(o) ?? 0) !== viewSource.get(o)!.rows);
    const badHidden = owners.filter((o) => (dest.hidden.get(o) ?? 0) !== viewSource.get(o)!.hidden);
    const badArchives = [...archiveSource.keys()].filter((c) => (dest.archives.get(c) ?? 0) !== archiveSource.get(c));
    const named = (list: string[]) => (list.length ? `differ: ${list.slice(0, 5).join(", ")}${list.length > 5 ? ` and ${list.length - 5} more` : ""}` : undefined);
    checks.push(
      { what: "message views", source: owners.length, destination: owners.filter((o) => dest.views.has(o)).length, ok: owners.every((o) => dest.views.has(o)) },
      {
        what: "message copies (all views)",
        source: sum([...viewSource.values()].map((v) => v.rows)),
        destination: sum(owners.map((o) => dest.copies.get(o) ?? 0)),
        ok: badViews.length === 0,
        note: named(badViews),
      },
      {
        what: "hidden DMs",
        source: sum([...viewSource.values()].map((v) => v.hidden)),
        destination: sum(owners.map((o) => dest.hidden.get(o) ?? 0)),
        ok: badHidden.length === 0,
        note: named(badHidden),
      },
      {
        what: `archive messages (${archiveSource.size} channels)`,
        source: sum(archiveSource.values()),
        destination: sum([...archiveSource.keys()].map((c) => dest.archives.get(c) ?? 0)),
        ok: badArchives.length === 0,
        note: named(badArchives),
      },
    );
    const value = await messageSequenceValue(pool);
    checks.push({ what: "message id counter", source: counter, destination: value, ok: value >= counter, note: "at least the source's" });

    // 6. Uploads and avatars.
    const folders = blobFolders(options.uploadDir);
    const destination = options.s3 ? new S3BlobStore(options.s3) : null;
    log(destination ? "Uploads:" : "Uploads: no S3_BUCKET, left where they are");
    const blobs = await copyBlobs(new FsBlobStore(() => options.uploadDir), destination, folders, log);
    changed += blobs.copied;
    if (destination) {
      checks.push({ what: "blobs (uploads, avatars, boards)", source: blobs.source, destination: blobs.destination, ok: blobs.source === blobs.destination });
    } else {
      checks.push({ what: "blobs (uploads, avatars, boards)", source: blobs.source, destination: blobs.source, ok: true, note: `left in ${options.uploadDir}` });
    }

    return {
      checks,
      changed,
      ok: checks.every((c) => c.ok),
      uploadsLeftIn: destination ? undefined : options.uploadDir,
      hints: hintsFor(options),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    source.close();
    await pool?.end();
  }
}

/** The verification table, one check a line. */
export function formatReport(report: MigrateDataReport): string[] {
  const width = Math.max(...report.checks.map((c) => c.what.length), 5);
  const lines = [`${"check".padEnd(width)}  ${"source".padStart(10)}  ${"destination".padStart(11)}  result`];
  for (const c of report.checks) {
    lines.push(`${c.what.padEnd(width)}  ${String(c.source).padStart(10)}  ${String(c.destination).padStart(11)}  ${c.ok ? "ok" : "MISMATCH"}${c.note ? `  (${c.note})` : ""}`);
  }
  if (report.uploadsLeftIn) lines.push(`Uploads were not moved (S3_BUCKET is not set): keep ${report.uploadsLeftIn} as UPLOAD_DIR.`);
  for (const hint of report.hints) lines.push(hint);
  lines.push(
    report.changed === 0
      ? "Nothing changed: the destination already held everything in the source."
      : `${report.changed} rows, views, marks and blobs added or moved in ${report.seconds.toFixed(1)} s.`,
  );
  lines.push(report.ok ? "Verified: every count matches." : "MISMATCH: see the rows above; the destination is incomplete.");
  return lines;
}

async function main(): Promise<number> {
  let to: string | undefined;
  try {
    ({ values: { to } } = parseArgs({ options: { to: { type: "string" } }, strict: true, allowPositionals: false }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (to === undefined) {
    console.error(`--to is missing.\n${USAGE}`);
    return 2;
  }
  if (to !== "postgres") {
    console.error(`--to ${JSON.stringify(to)} is not a destination this release knows (only: postgres).\n${USAGE}`);
    return 2;
  }
  try {
    const database = databaseBackend();
    if (database.kind !== "postgres") {
      console.error(`DATABASE_URL must name the PostgreSQL database to copy into (postgres://...).\n${USAGE}`);
      return 2;
    }
    const report = await migrateData({
      dataDir: path.resolve(process.env.DATA_DIR || "data"),
      uploadDir: path.resolve(process.env.UPLOAD_DIR || "uploads"),
      databaseUrl: database.url,
      s3: s3Backend(),
    });
    for (const line of formatReport(report)) console.log(line);
    return report.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof Refusal || (err as Error).name === "ConfigError") console.error(`Refused: ${(err as Error).message}`);
    else console.error(`migrate-data failed: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
