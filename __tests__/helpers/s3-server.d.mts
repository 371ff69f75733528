export interface TestS3Server {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stops the server and removes its objects; calling it again does nothing. */
  close(): Promise<void>;
}

export function startS3Server(options?: { bucket?: string }): Promise<TestS3Server>;
