-- AlterTable
ALTER TABLE "UserSettings" ADD COLUMN "theme" TEXT;
