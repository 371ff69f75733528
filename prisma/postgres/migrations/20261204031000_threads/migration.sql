-- CreateTable
CREATE TABLE "ThreadMessage" (
    "messageId" INTEGER NOT NULL,
    "rootId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "ts" DOUBLE PRECISION NOT NULL,
    "threadOnly" BOOLEAN NOT NULL DEFAULT false,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "pending" BOOLEAN NOT NULL DEFAULT false,
    "replyCount" INTEGER NOT NULL DEFAULT 0,
    "lastReplyTs" DOUBLE PRECISION,
    "participants" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "ThreadMessage_pkey" PRIMARY KEY ("messageId")
);

-- CreateTable
CREATE TABLE "ThreadFollow" (
    "rootId" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "following" BOOLEAN NOT NULL DEFAULT true,
    "lastReadId" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ThreadFollow_pkey" PRIMARY KEY ("rootId","username")
);

-- CreateIndex
CREATE INDEX "ThreadMessage_rootId_messageId_idx" ON "ThreadMessage"("rootId", "messageId");

-- CreateIndex
CREATE INDEX "ThreadMessage_sender_idx" ON "ThreadMessage"("sender");

-- CreateIndex
CREATE INDEX "ThreadMessage_pending_idx" ON "ThreadMessage"("pending");

-- CreateIndex
CREATE INDEX "ThreadFollow_username_following_idx" ON "ThreadFollow"("username", "following");

