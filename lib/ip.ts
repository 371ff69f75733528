/**
 * IP address forms shared by the link-preview guard (which judges addresses on their 16 bytes) and
 * the sign-in throttle (which counts an IPv6 client by its /64, what one host is routinely given).
 */
import net from "node:net";

/** The 16 bytes of an IPv6 address in any text form (with or without a trailing dotted quad), or null. */
export function ipv6Bytes(address: string): Uint8Array | null {
  if (!net.isIPv6(address) || address.includes("%")) return null; // zone ids only name link-local hosts
  let text = address.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a = 0, b = 0, c = 0, d = 0] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = tail === null ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  if (groups.length !== 8) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 255;
  });
  return bytes;
}

/**
 * The key a client address is counted under: an IPv4 address as it is (also when written
 * IPv4-mapped, `::ffff:a.b.c.d`), an IPv6 address by its /64 prefix, anything else as given.
 */
export function addressKey(address: string): string {
  const bytes = ipv6Bytes(address);
  if (!bytes) return address;
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return Array.from(bytes.subarray(12)).join(".");
  const groups = Array.from({ length: 4 }, (_, i) => (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16));
  return `${groups.join(":")}::/64`;
}
