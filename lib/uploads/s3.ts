/**
 * The blob store on S3-compatible object storage (AWS S3, MinIO, s3rver), selected by `S3_BUCKET`
 * (lib/backends.ts): every instance of a deployment sees the same uploads and avatars. Object keys are
 * the blob keys behind the deployment's `S3_PREFIX`, so several deployments (or test files) can share a
 * bucket without seeing each other's blobs.
 *
 * Readers never see a partial blob: S3 makes an object visible only once its PutObject has completed,
 * and an overwrite replaces the whole object at once (readers get the old bytes or the new ones).
 *
 * Streams of unknown length (`put` with a Readable) are staged in a local temp file and sent with
 * `putFile`, rather than as a multipart upload: PutObject needs the length up front, the blobs written
 * this way are small (avatars, board images; received uploads arrive as temp files anyway), and a
 * multipart upload costs three requests at least, 5 MiB parts and a clean-up of abandoned uploads.
 *
 * The SDK (~100 ms to load) is loaded on first use, so an instance on the file-system store never pays for it.
 */
import "server-only";
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { S3Backend } from "@/lib/backends";
import { checkFolder, createTempFile, isBlobName, keySegments, removeTempFiles, type BlobInfo, type BlobStore, type ByteRange } from "./storage";

type Sdk = typeof import("@aws-sdk/client-s3");

/** Connections to the S3 endpoint at once, per instance. */
const MAX_CONNECTIONS = 256;

const statusOf = (err: unknown) => (err as Partial<S3ServiceException> | null)?.$metadata?.httpStatusCode;

/** S3 always sends an ETag; should a server not, size and time stand in, as in the file-system store. */
const validator = (etag: string | undefined, size: number, modifiedMs: number) => etag ?? `"${size.toString(16)}-${modifiedMs.toString(16)}"`;

/** S3 dates have whole seconds in HEAD answers but may carry milliseconds in listings: one validator for both. */
const wholeSeconds = (date: Date | undefined) => Math.floor((date?.getTime() ?? 0) / 1000) * 1000;

/**
 * The bytes of `range` out of an answer to a Range request. HTTP lets a server answer with more than was
 * asked (200 with the whole object), and s3rver answers `bytes=0-0` with all of it; the port promises
 * exactly the range, so extra bytes are dropped here.
 */
export function exactly(body: Readable, range: ByteRange, contentRange: string | undefined, key: string): Readable {
  const served = /^bytes (\d+)-(\d+)\//.exec(contentRange ?? "");
  const [from, to] = served ? [Number(served[1]), Number(served[2])] : [0, Infinity];
  if (from === range.start && to === range.end) return body;
  if (from > range.start || to < range.end) {
    body.destroy();
    throw new Error(`blob ${key}: asked for bytes ${range.start}-${range.end}, given ${contentRange ?? "the whole blob"}`);
  }
  async function* slice(skip: number, length: number) {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      let part = chunk;
      if (skip >= part.length) {
        skip -= part.length;
        continue;
      }
      part = part.subarray(skip);
      skip = 0;
      if (part.length >= length) {
        yield part.subarray(0, length);
        return; // leaving the loop closes the answer's stream
      }
      length -= part.length;
      yield part;
    }
  }
  return Readable.from(slice(range.start - from, range.end - range.start + 1), { objectMode: false });
}

export class S3BlobStore implements BlobStore {
  private sdk: Promise<{ sdk: Sdk; client: S3Client }> | null = null;

  /** `listPageSize`: keys per ListObjectsV2 page (S3's own limit, 1,000, unless a test wants pages sooner). */
  constructor(
    private readonly config: S3Backend,
    private readonly listPageSize?: number,
  ) {}

  private connect(): Promise<{ sdk: Sdk; client: S3Client }> {
    this.sdk ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: this.config.region,
        endpoint: this.config.endpoint,
        forcePathStyle: this.config.forcePathStyle,
        credentials: this.config.credentials,
        // The SDK's default adds CRC32 trailers in aws-chunked bodies, which several S3-compatible servers
        // (s3rver among them) store as part of the object: checksums only where S3 demands them.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        // A download holds its connection for as long as the client takes to read it: with the SDK's 50,
        // fifty slow downloads would queue every other request, stats included. An unreachable endpoint
        // fails in seconds rather than holding the request.
        requestHandler: { connectionTimeout: 5_000, httpAgent: { maxSockets: MAX_CONNECTIONS }, httpsAgent: { maxSockets: MAX_CONNECTIONS } },
      }),
    }));
    return this.sdk;
  }

  /** The object key of a blob key (checked first: a bad key never reaches the bucket). */
  private objectKey(key: string): string {
    return this.config.prefix + keySegments(key).join("/");
  }

  private get bucket(): string {
    return this.config.bucket;
  }

  async put(key: string, source: Readable | Uint8Array): Promise<BlobInfo> {
    const objectKey = this.objectKey(key);
    if (source instanceof Uint8Array) {
      const { sdk, client } = await this.connect();
      await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: source, ContentLength: source.byteLength }));
      return this.statOrFail(key);
    }
    const temp = createTempFile();
    try {
      await pipeline(source, temp.stream);
      return await this.putFile(key, temp.path);
    } finally {
      removeTempFiles([temp.path]);
    }
  }

  async putFile(key: string, tempPath: string): Promise<BlobInfo> {
    try {
      const objectKey = this.objectKey(key);
      const { sdk, client } = await this.connect();
      const { size } = await fs.promises.stat(tempPath);
      await client.send(
        new sdk.PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: fs.createReadStream(tempPath), ContentLength: size }),
      );
      return await this.statOrFail(key);
    } finally {
      removeTempFiles([tempPath]);
    }
  }

  private async statOrFail(key: string): Promise<BlobInfo> {
    const info = await this.stat(key);
    // Only a concurrent delete of the same key gets here; the caller's write did not stick.
    if (!info) throw new Error(`blob ${key} vanished right after it was written`);
    return info;
  }

  async stat(key: string): Promise<BlobInfo | null> {
    const objectKey = this.objectKey(key);
    const { sdk, client } = await this.connect();
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      const [size, modifiedMs] = [head.ContentLength ?? 0, wholeSeconds(head.LastModified)];
      return { key, size, modifiedMs, etag: validator(head.ETag, size, modifiedMs) };
    } catch (err) {
      // A HEAD answer has no body, so a missing object and a missing bucket look alike; ready() tells them apart.
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    const objectKey = this.objectKey(key);
    const { sdk, client } = await this.connect();
    try {
      const answer = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.bucket, Key: objectKey, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      // In Node the body is the response stream itself (an IncomingMessage): bytes flow as they arrive.
      const body = answer.Body as Readable;
      return range ? exactly(body, range, answer.ContentRange, key) : body;
    } catch (err) {
      if ((err as Error).name === "NoSuchKey") return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    const { sdk, client } = await this.connect();
    // S3 answers a delete of a missing object with success: idempotent as the port wants.
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
  }

  async *list(folder: string): AsyncIterable<BlobInfo> {
    if (folder) checkFolder(folder);
    const folderKey = folder ? `${folder}/` : "";
    const prefix = this.config.prefix + folderKey;
    const { sdk, client } = await this.connect();
    let token: string | undefined;
    do {
      // The delimiter keeps deeper keys (avatars/… at the top level) out: only the folder's own blobs.
      const page = await client.send(
        new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: "/", ContinuationToken: token, MaxKeys: this.listPageSize }),
      );
      for (const object of page.Contents ?? []) {
        const name = object.Key?.slice(prefix.length) ?? "";
        if (!isBlobName(name)) continue; // not a blob this store wrote
        const [size, modifiedMs] = [object.Size ?? 0, wholeSeconds(object.LastModified)];
        yield { key: folderKey + name, size, modifiedMs, etag: validator(object.ETag, size, modifiedMs) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async ready(): Promise<void> {
    const { sdk, client } = await this.connect();
    try {
      await client.send(new sdk.HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      // HEAD answers carry no message: say which bucket and what status, for /readyz and the logs.
      const status = statusOf(err);
      const where = `bucket ${this.bucket}${this.config.endpoint ? ` at ${this.config.endpoint}` : ""}`;
      throw new Error(status === 404 ? `${where} does not exist` : status ? `${where} answered ${status}` : `${where}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Closes the client's connections (tests; a server keeps its store for its lifetime). */
  async close(): Promise<void> {
    const connected = this.sdk;
    this.sdk = null;
    if (connected) (await connected).client.destroy();
  }
}
