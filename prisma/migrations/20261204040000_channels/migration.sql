-- AlterTable
ALTER TABLE "ChannelPreference" ADD COLUMN "notify" TEXT NOT NULL DEFAULT 'all';
-- Muted channels keep their meaning: mute is notifications "none".
UPDATE "ChannelPreference" SET "notify" = 'none' WHERE "muted" = 1;

-- CreateTable
CREATE TABLE "PublicChannel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT '',
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT,
    "createdAt" REAL NOT NULL,
    "updatedAt" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "PublicChannelMember" (
    "channel" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "joined" BOOLEAN NOT NULL,

    PRIMARY KEY ("channel", "username")
);

-- CreateIndex
CREATE INDEX "PublicChannelMember_username_idx" ON "PublicChannelMember"("username");
