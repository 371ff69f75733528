-- AlterTable
ALTER TABLE "ChannelPreference" ADD COLUMN "notify" TEXT NOT NULL DEFAULT 'all';
-- Muted channels keep their meaning: mute is notifications "none".
UPDATE "ChannelPreference" SET "notify" = 'none' WHERE "muted" = true;

-- CreateTable
CREATE TABLE "PublicChannel" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT '',
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT,
    "createdAt" DOUBLE PRECISION NOT NULL,
    "updatedAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "PublicChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublicChannelMember" (
    "channel" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "joined" BOOLEAN NOT NULL,

    CONSTRAINT "PublicChannelMember_pkey" PRIMARY KEY ("channel","username")
);

-- CreateIndex
CREATE INDEX "PublicChannelMember_username_idx" ON "PublicChannelMember"("username");
