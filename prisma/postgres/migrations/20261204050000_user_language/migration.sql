-- AlterTable
ALTER TABLE "UserSettings" ADD COLUMN "language" TEXT;
