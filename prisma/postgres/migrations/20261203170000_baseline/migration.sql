-- CreateTable
CREATE TABLE "User" (
    "username" TEXT NOT NULL,
    "usernameKey" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DOUBLE PRECISION NOT NULL,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "User_pkey" PRIMARY KEY ("username")
);

-- CreateTable
CREATE TABLE "UserSettings" (
    "username" TEXT NOT NULL,
    "nameColor" TEXT,
    "avatarFile" TEXT,
    "bio" TEXT,

    CONSTRAINT "UserSettings_pkey" PRIMARY KEY ("username")
);

-- CreateTable
CREATE TABLE "PasswordResetToken" (
    "tokenHash" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "expiresAt" DOUBLE PRECISION NOT NULL,
    "used" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "PasswordResetToken_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "Presence" (
    "username" TEXT NOT NULL,
    "lastSeen" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "override" TEXT,

    CONSTRAINT "Presence_pkey" PRIMARY KEY ("username")
);

-- CreateTable
CREATE TABLE "Typing" (
    "username" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" INTEGER NOT NULL,

    CONSTRAINT "Typing_pkey" PRIMARY KEY ("username","channel")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "account" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lockoutUntil" DOUBLE PRECISION,
    "lastFailureAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("account","address")
);

-- CreateTable
CREATE TABLE "RevokedSession" (
    "sid" TEXT NOT NULL,
    "expiresAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "RevokedSession_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "ReadReceipt" (
    "channel" TEXT NOT NULL,
    "messageId" INTEGER NOT NULL,
    "msgTs" DOUBLE PRECISION NOT NULL,
    "reader" TEXT NOT NULL,

    CONSTRAINT "ReadReceipt_pkey" PRIMARY KEY ("channel","messageId","reader")
);

-- CreateTable
CREATE TABLE "Reaction" (
    "messageId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "emoji" TEXT NOT NULL,
    "reactor" TEXT NOT NULL,
    "createdAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "Reaction_pkey" PRIMARY KEY ("messageId","emoji","reactor")
);

-- CreateTable
CREATE TABLE "PrivateChannel" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdTs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "PrivateChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrivateChannelMember" (
    "id" SERIAL NOT NULL,
    "channelId" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "joinedTs" DOUBLE PRECISION NOT NULL,
    "historyStartTs" DOUBLE PRECISION,

    CONSTRAINT "PrivateChannelMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sequence" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "Sequence_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "FanoutJournal" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageId" INTEGER,
    "payload" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "createdAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "FanoutJournal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TribuneFilter" (
    "username" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "rules" TEXT NOT NULL DEFAULT '[]',
    "saved" BOOLEAN NOT NULL DEFAULT false,
    "savedRules" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "TribuneFilter_pkey" PRIMARY KEY ("username")
);

-- CreateTable
CREATE TABLE "TribuneGuest" (
    "id" TEXT NOT NULL,
    "bak" TEXT,
    "owned" TEXT NOT NULL DEFAULT '[]',
    "seenAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "TribuneGuest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TribuneUrl" (
    "url" TEXT NOT NULL,
    "messageId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "author" TEXT,
    "createdAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "TribuneUrl_pkey" PRIMARY KEY ("url")
);

-- CreateTable
CREATE TABLE "BoardThread" (
    "id" SERIAL NOT NULL,
    "board" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "author" TEXT,
    "created" DOUBLE PRECISION NOT NULL,
    "bumped" DOUBLE PRECISION NOT NULL,
    "replies" INTEGER NOT NULL DEFAULT 0,
    "images" INTEGER NOT NULL DEFAULT 0,
    "sticky" BOOLEAN NOT NULL DEFAULT false,
    "locked" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "BoardThread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BoardPost" (
    "id" SERIAL NOT NULL,
    "threadId" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "author" TEXT,
    "created" DOUBLE PRECISION NOT NULL,
    "edited" DOUBLE PRECISION,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "thumbnail" TEXT,

    CONSTRAINT "BoardPost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BoardReport" (
    "id" SERIAL NOT NULL,
    "postId" INTEGER NOT NULL,
    "reporter" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "BoardReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BoardStats" (
    "board" TEXT NOT NULL,
    "threads" INTEGER NOT NULL DEFAULT 0,
    "posts" INTEGER NOT NULL DEFAULT 0,
    "lastPostAt" DOUBLE PRECISION,

    CONSTRAINT "BoardStats_pkey" PRIMARY KEY ("board")
);

-- CreateTable
CREATE TABLE "BoardCooldown" (
    "username" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "BoardCooldown_pkey" PRIMARY KEY ("username","kind")
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
CREATE INDEX "LoginThrottle_lastFailureAt_idx" ON "LoginThrottle"("lastFailureAt");

-- CreateIndex
CREATE INDEX "RevokedSession_expiresAt_idx" ON "RevokedSession"("expiresAt");

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

-- CreateIndex
CREATE INDEX "TribuneGuest_seenAt_idx" ON "TribuneGuest"("seenAt");

-- CreateIndex
CREATE INDEX "TribuneUrl_createdAt_idx" ON "TribuneUrl"("createdAt");

-- CreateIndex
CREATE INDEX "BoardThread_board_sticky_bumped_id_idx" ON "BoardThread"("board", "sticky", "bumped", "id");

-- CreateIndex
CREATE INDEX "BoardThread_author_idx" ON "BoardThread"("author");

-- CreateIndex
CREATE INDEX "BoardPost_threadId_id_idx" ON "BoardPost"("threadId", "id");

-- CreateIndex
CREATE INDEX "BoardPost_author_idx" ON "BoardPost"("author");

-- CreateIndex
CREATE INDEX "BoardReport_reporter_created_idx" ON "BoardReport"("reporter", "created");

-- CreateIndex
CREATE UNIQUE INDEX "BoardReport_postId_reporter_key" ON "BoardReport"("postId", "reporter");

-- AddForeignKey
ALTER TABLE "UserSettings" ADD CONSTRAINT "UserSettings_username_fkey" FOREIGN KEY ("username") REFERENCES "User"("username") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_username_fkey" FOREIGN KEY ("username") REFERENCES "User"("username") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Presence" ADD CONSTRAINT "Presence_username_fkey" FOREIGN KEY ("username") REFERENCES "User"("username") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Typing" ADD CONSTRAINT "Typing_username_fkey" FOREIGN KEY ("username") REFERENCES "User"("username") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrivateChannelMember" ADD CONSTRAINT "PrivateChannelMember_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "PrivateChannel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrivateChannelMember" ADD CONSTRAINT "PrivateChannelMember_username_fkey" FOREIGN KEY ("username") REFERENCES "User"("username") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TribuneFilter" ADD CONSTRAINT "TribuneFilter_username_fkey" FOREIGN KEY ("username") REFERENCES "User"("username") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoardThread" ADD CONSTRAINT "BoardThread_author_fkey" FOREIGN KEY ("author") REFERENCES "User"("username") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoardPost" ADD CONSTRAINT "BoardPost_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "BoardThread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoardPost" ADD CONSTRAINT "BoardPost_author_fkey" FOREIGN KEY ("author") REFERENCES "User"("username") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoardReport" ADD CONSTRAINT "BoardReport_postId_fkey" FOREIGN KEY ("postId") REFERENCES "BoardPost"("id") ON DELETE CASCADE ON UPDATE CASCADE;

