-- CreateTable
CREATE TABLE "ThreadMessage" (
    "messageId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rootId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "ts" REAL NOT NULL,
    "threadOnly" BOOLEAN NOT NULL DEFAULT false,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "pending" BOOLEAN NOT NULL DEFAULT false,
    "replyCount" INTEGER NOT NULL DEFAULT 0,
    "lastReplyTs" REAL,
    "participants" TEXT NOT NULL DEFAULT '[]'
);

-- CreateTable
CREATE TABLE "ThreadFollow" (
    "rootId" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "following" BOOLEAN NOT NULL DEFAULT true,
    "lastReadId" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" REAL NOT NULL,

    PRIMARY KEY ("rootId", "username")
);

-- CreateIndex
CREATE INDEX "ThreadMessage_rootId_messageId_idx" ON "ThreadMessage"("rootId", "messageId");

-- CreateIndex
CREATE INDEX "ThreadMessage_sender_idx" ON "ThreadMessage"("sender");

-- CreateIndex
CREATE INDEX "ThreadMessage_pending_idx" ON "ThreadMessage"("pending");

-- CreateIndex
CREATE INDEX "ThreadFollow_username_following_idx" ON "ThreadFollow"("username", "following");

