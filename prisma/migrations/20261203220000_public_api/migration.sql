-- AlterTable
ALTER TABLE "User" ADD COLUMN "botOwner" TEXT;
ALTER TABLE "User" ADD COLUMN "displayName" TEXT;

-- CreateTable
CREATE TABLE "AccessToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" REAL NOT NULL,
    "lastUsedAt" REAL,
    "expiresAt" REAL,
    CONSTRAINT "AccessToken_username_fkey" FOREIGN KEY ("username") REFERENCES "User" ("username") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IncomingWebhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secretHash" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" REAL NOT NULL,
    "lastUsedAt" REAL,
    "disabledReason" TEXT
);

-- CreateTable
CREATE TABLE "OutgoingWebhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "triggerWords" TEXT NOT NULL DEFAULT '',
    "createdAt" REAL NOT NULL,
    "disabledReason" TEXT,
    "lastError" TEXT
);

-- CreateTable
CREATE TABLE "OutgoingDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "webhookId" TEXT NOT NULL,
    "messageId" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" REAL NOT NULL,
    "claimedUntil" REAL,
    "lastError" TEXT,
    "createdAt" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "ChannelPreference" (
    "username" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "muted" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("username", "channel"),
    CONSTRAINT "ChannelPreference_username_fkey" FOREIGN KEY ("username") REFERENCES "User" ("username") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_tokenHash_key" ON "AccessToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AccessToken_username_idx" ON "AccessToken"("username");

-- CreateIndex
CREATE INDEX "AccessToken_createdBy_idx" ON "AccessToken"("createdBy");

-- CreateIndex
CREATE UNIQUE INDEX "IncomingWebhook_secretHash_key" ON "IncomingWebhook"("secretHash");

-- CreateIndex
CREATE INDEX "IncomingWebhook_owner_idx" ON "IncomingWebhook"("owner");

-- CreateIndex
CREATE INDEX "OutgoingWebhook_channel_idx" ON "OutgoingWebhook"("channel");

-- CreateIndex
CREATE INDEX "OutgoingWebhook_owner_idx" ON "OutgoingWebhook"("owner");

-- CreateIndex
CREATE INDEX "OutgoingDelivery_nextAttemptAt_idx" ON "OutgoingDelivery"("nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutgoingDelivery_webhookId_messageId_key" ON "OutgoingDelivery"("webhookId", "messageId");

-- CreateIndex
CREATE INDEX "User_botOwner_idx" ON "User"("botOwner");

