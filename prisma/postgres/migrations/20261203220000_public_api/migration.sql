-- AlterTable
ALTER TABLE "User" ADD COLUMN     "botOwner" TEXT,
ADD COLUMN     "displayName" TEXT;

-- CreateTable
CREATE TABLE "AccessToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DOUBLE PRECISION NOT NULL,
    "lastUsedAt" DOUBLE PRECISION,
    "expiresAt" DOUBLE PRECISION,

    CONSTRAINT "AccessToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncomingWebhook" (
    "id" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DOUBLE PRECISION NOT NULL,
    "lastUsedAt" DOUBLE PRECISION,
    "disabledReason" TEXT,

    CONSTRAINT "IncomingWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutgoingWebhook" (
    "id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "triggerWords" TEXT NOT NULL DEFAULT '',
    "createdAt" DOUBLE PRECISION NOT NULL,
    "disabledReason" TEXT,
    "lastError" TEXT,

    CONSTRAINT "OutgoingWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutgoingDelivery" (
    "id" SERIAL NOT NULL,
    "webhookId" TEXT NOT NULL,
    "messageId" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DOUBLE PRECISION NOT NULL,
    "claimedUntil" DOUBLE PRECISION,
    "lastError" TEXT,
    "createdAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "OutgoingDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelPreference" (
    "username" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "muted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ChannelPreference_pkey" PRIMARY KEY ("username","channel")
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

-- AddForeignKey
ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_username_fkey" FOREIGN KEY ("username") REFERENCES "User"("username") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelPreference" ADD CONSTRAINT "ChannelPreference_username_fkey" FOREIGN KEY ("username") REFERENCES "User"("username") ON DELETE CASCADE ON UPDATE CASCADE;

