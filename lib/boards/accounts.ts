/** What an account's deletion does to its board posts. */
import "server-only";
import { db } from "@/lib/db/client";
import { removeImages } from "./images";

/**
 * A hard account delete: every post of `username` becomes a tombstone, as a deleted post does (no text,
 * no image, its reports closed; the thread's image count follows), and the image files are removed once
 * that is committed. The user's own reports go too. Run before the account row is deleted (which sets
 * the authors to null); a soft delete skips this and keeps the posts without an author.
 */
export async function tombstonePostsOf(username: string): Promise<void> {
  const images = await db().$transaction(async (tx) => {
    const withImages = await tx.boardPost.findMany({
      where: { author: username, deleted: false, OR: [{ image: { not: null } }, { thumbnail: { not: null } }] },
      select: { image: true, thumbnail: true },
    });
    await tx.$executeRaw`
      UPDATE "BoardThread" SET "images" = "images" - (
        SELECT COUNT(*) FROM "BoardPost" p
        WHERE p."threadId" = "BoardThread"."id" AND p."author" = ${username} AND p."deleted" = false AND p."image" IS NOT NULL)
      WHERE "id" IN (SELECT "threadId" FROM "BoardPost" WHERE "author" = ${username} AND "deleted" = false AND "image" IS NOT NULL)`;
    await tx.$executeRaw`
      DELETE FROM "BoardReport"
      WHERE "reporter" = ${username} OR "postId" IN (SELECT "id" FROM "BoardPost" WHERE "author" = ${username} AND "deleted" = false)`;
    await tx.boardPost.updateMany({ where: { author: username, deleted: false }, data: { deleted: true, content: "", image: null, thumbnail: null } });
    return withImages.flatMap((p) => [p.image, p.thumbnail]);
  });
  await removeImages(images);
}
