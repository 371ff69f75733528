-- CreateTable
CREATE TABLE "BoardThread" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "board" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "author" TEXT,
    "created" REAL NOT NULL,
    "bumped" REAL NOT NULL,
    "replies" INTEGER NOT NULL DEFAULT 0,
    "images" INTEGER NOT NULL DEFAULT 0,
    "sticky" BOOLEAN NOT NULL DEFAULT false,
    "locked" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "BoardThread_author_fkey" FOREIGN KEY ("author") REFERENCES "User" ("username") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BoardPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "threadId" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "author" TEXT,
    "created" REAL NOT NULL,
    "edited" REAL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "thumbnail" TEXT,
    CONSTRAINT "BoardPost_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "BoardThread" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BoardPost_author_fkey" FOREIGN KEY ("author") REFERENCES "User" ("username") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BoardReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "postId" INTEGER NOT NULL,
    "reporter" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created" REAL NOT NULL,
    CONSTRAINT "BoardReport_postId_fkey" FOREIGN KEY ("postId") REFERENCES "BoardPost" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BoardStats" (
    "board" TEXT NOT NULL PRIMARY KEY,
    "threads" INTEGER NOT NULL DEFAULT 0,
    "posts" INTEGER NOT NULL DEFAULT 0,
    "lastPostAt" REAL
);

-- CreateTable
CREATE TABLE "BoardCooldown" (
    "username" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" REAL NOT NULL,

    PRIMARY KEY ("username", "kind")
);

-- AlterTable
ALTER TABLE "User" ADD COLUMN "isAdmin" BOOLEAN NOT NULL DEFAULT false;

-- An existing database: its earliest account becomes the boards' admin, as the first signup would have.
UPDATE "User" SET "isAdmin" = true
WHERE "username" = (SELECT "username" FROM "User" ORDER BY "createdAt", "rowid" LIMIT 1);

-- CreateIndex
CREATE INDEX "BoardThread_board_sticky_bumped_id_idx" ON "BoardThread"("board", "sticky", "bumped", "id");

-- CreateIndex
CREATE INDEX "BoardThread_author_idx" ON "BoardThread"("author");

-- CreateIndex
CREATE INDEX "BoardPost_threadId_id_idx" ON "BoardPost"("threadId", "id");

-- CreateIndex
CREATE INDEX "BoardPost_author_idx" ON "BoardPost"("author");

-- CreateIndex
CREATE INDEX "BoardReport_postId_idx" ON "BoardReport"("postId");

