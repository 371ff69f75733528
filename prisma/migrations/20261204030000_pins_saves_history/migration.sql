-- CreateTable
CREATE TABLE "PinnedMessage" (
    "messageId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "pinnedBy" TEXT NOT NULL,
    "pinnedAt" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "SavedMessage" (
    "username" TEXT NOT NULL,
    "messageId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "savedAt" REAL NOT NULL,

    PRIMARY KEY ("username", "messageId")
);

-- CreateTable
CREATE TABLE "MessageVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "writtenAt" REAL NOT NULL,
    "replacedAt" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "PinnedMessage_channel_pinnedAt_idx" ON "PinnedMessage"("channel", "pinnedAt");

-- CreateIndex
CREATE INDEX "PinnedMessage_unitId_idx" ON "PinnedMessage"("unitId");

-- CreateIndex
CREATE INDEX "PinnedMessage_pinnedBy_idx" ON "PinnedMessage"("pinnedBy");

-- CreateIndex
CREATE INDEX "SavedMessage_username_savedAt_idx" ON "SavedMessage"("username", "savedAt");

-- CreateIndex
CREATE INDEX "SavedMessage_unitId_idx" ON "SavedMessage"("unitId");

-- CreateIndex
CREATE INDEX "MessageVersion_messageId_id_idx" ON "MessageVersion"("messageId", "id");

-- CreateIndex
CREATE INDEX "MessageVersion_sender_idx" ON "MessageVersion"("sender");

