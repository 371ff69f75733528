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
