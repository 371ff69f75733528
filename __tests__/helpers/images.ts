import sharp from "sharp";

/** An animated GIF of `frames` frames, each different (a bar moving across), so none is merged away. */
export async function animatedGif(width: number, height: number, frames: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * frames * 3);
  for (let f = 0; f < frames; f++) {
    for (let y = 0; y < height; y++) {
      const at = ((f * height + y) * width + (f % width)) * 3;
      raw.fill(255, at, at + 3);
    }
  }
  return sharp(raw, { raw: { width, height: height * frames, channels: 3, pageHeight: height } }).gif().toBuffer();
}
