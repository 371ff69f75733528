-- CreateTable
CREATE TABLE "User" (
    "username" TEXT NOT NULL PRIMARY KEY,
    "usernameKey" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "lockoutUntil" REAL,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "UserSettings" (
    "username" TEXT NOT NULL PRIMARY KEY,
    "nameColor" TEXT,
    "avatarFile" TEXT,
    "bio" TEXT,
    CONSTRAINT "UserSettings_username_fkey" FOREIGN KEY ("username") REFERENCES "User" ("username") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PasswordResetToken" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "expiresAt" REAL NOT NULL,
    "used" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "PasswordResetToken_username_fkey" FOREIGN KEY ("username") REFERENCES "User" ("username") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Presence" (
    "username" TEXT NOT NULL PRIMARY KEY,
    "lastSeen" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "override" TEXT,
    CONSTRAINT "Presence_username_fkey" FOREIGN KEY ("username") REFERENCES "User" ("username") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Typing" (
    "username" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" INTEGER NOT NULL,

    PRIMARY KEY ("username", "channel"),
    CONSTRAINT "Typing_username_fkey" FOREIGN KEY ("username") REFERENCES "User" ("username") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReadReceipt" (
    "channel" TEXT NOT NULL,
    "messageId" INTEGER NOT NULL,
    "msgTs" REAL NOT NULL,
    "reader" TEXT NOT NULL,

    PRIMARY KEY ("channel", "messageId", "reader")
);

-- CreateTable
CREATE TABLE "Reaction" (
    "messageId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "emoji" TEXT NOT NULL,
    "reactor" TEXT NOT NULL,
    "createdAt" REAL NOT NULL,

    PRIMARY KEY ("messageId", "emoji", "reactor")
);

-- CreateTable
CREATE TABLE "PrivateChannel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdTs" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "PrivateChannelMember" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channelId" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "joinedTs" REAL NOT NULL,
    "historyStartTs" REAL,
    CONSTRAINT "PrivateChannelMember_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "PrivateChannel" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PrivateChannelMember_username_fkey" FOREIGN KEY ("username") REFERENCES "User" ("username") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Sequence" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "FanoutJournal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageId" INTEGER,
    "payload" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "createdAt" REAL NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_usernameKey_key" ON "User"("usernameKey");

-- CreateIndex
CREATE UNIQUE INDEX "User_accountId_key" ON "User"("accountId");

-- CreateIndex
CREATE INDEX "PasswordResetToken_username_idx" ON "PasswordResetToken"("username");

-- CreateIndex
CREATE INDEX "Typing_channel_ts_idx" ON "Typing"("channel", "ts");

-- CreateIndex
CREATE INDEX "ReadReceipt_reader_idx" ON "ReadReceipt"("reader");

-- CreateIndex
CREATE INDEX "Reaction_channel_idx" ON "Reaction"("channel");

-- CreateIndex
CREATE INDEX "Reaction_reactor_idx" ON "Reaction"("reactor");

-- CreateIndex
CREATE INDEX "PrivateChannelMember_username_idx" ON "PrivateChannelMember"("username");

-- CreateIndex
CREATE UNIQUE INDEX "PrivateChannelMember_channelId_username_key" ON "PrivateChannelMember"("channelId", "username");

-- CreateIndex
CREATE INDEX "FanoutJournal_createdAt_idx" ON "FanoutJournal"("createdAt");

