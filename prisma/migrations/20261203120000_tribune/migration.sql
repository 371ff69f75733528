-- CreateTable
CREATE TABLE "TribuneFilter" (
    "username" TEXT NOT NULL PRIMARY KEY,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "rules" TEXT NOT NULL DEFAULT '[]',
    "saved" BOOLEAN NOT NULL DEFAULT false,
    "savedRules" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "TribuneFilter_username_fkey" FOREIGN KEY ("username") REFERENCES "User" ("username") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TribuneGuest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bak" TEXT,
    "owned" TEXT NOT NULL DEFAULT '[]',
    "seenAt" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "TribuneUrl" (
    "url" TEXT NOT NULL PRIMARY KEY,
    "messageId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "author" TEXT,
    "createdAt" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "TribuneGuest_seenAt_idx" ON "TribuneGuest"("seenAt");

-- CreateIndex
CREATE INDEX "TribuneUrl_createdAt_idx" ON "TribuneUrl"("createdAt");
