-- Boards review: one report per post and reporter (the newest of any duplicates is kept), and a
-- reporter's recent reports found by index for the hourly cap.
DELETE FROM "BoardReport"
WHERE "id" NOT IN (SELECT MAX("id") FROM "BoardReport" GROUP BY "postId", "reporter");

-- DropIndex
DROP INDEX "BoardReport_postId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "BoardReport_postId_reporter_key" ON "BoardReport"("postId", "reporter");

-- CreateIndex
CREATE INDEX "BoardReport_reporter_created_idx" ON "BoardReport"("reporter", "created");

-- Board search: a trigram index of post texts (any substring of 3 or more characters, case-insensitive),
-- over BoardPost's own rows (external content: the text is not stored twice). Kept by the triggers
-- below, a thread delete's cascade included; Prisma's schema does not describe it (raw SQL only).
CREATE VIRTUAL TABLE "BoardPostSearch" USING fts5("content", content='BoardPost', content_rowid='id', tokenize='trigram');
INSERT INTO "BoardPostSearch"("BoardPostSearch") VALUES ('rebuild');

CREATE TRIGGER "BoardPost_search_insert" AFTER INSERT ON "BoardPost" BEGIN
  INSERT INTO "BoardPostSearch"(rowid, "content") VALUES (new."id", new."content");
END;

CREATE TRIGGER "BoardPost_search_delete" AFTER DELETE ON "BoardPost" BEGIN
  INSERT INTO "BoardPostSearch"("BoardPostSearch", rowid, "content") VALUES ('delete', old."id", old."content");
END;

CREATE TRIGGER "BoardPost_search_update" AFTER UPDATE OF "content" ON "BoardPost" BEGIN
  INSERT INTO "BoardPostSearch"("BoardPostSearch", rowid, "content") VALUES ('delete', old."id", old."content");
  INSERT INTO "BoardPostSearch"(rowid, "content") VALUES (new."id", new."content");
END;
