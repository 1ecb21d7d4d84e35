/**
 * Byte strings: the daemon's one representation of Redis strings.
 *
 * Redis treats every argument, name, password, channel and config value as
 * bytes. Decoding them as UTF-8 would map every invalid sequence to U+FFFD,
 * so two different passwords (or master names) could compare equal. Instead
 * every string that crosses the wire or the config file is held as a JS
 * string with one char per byte (code units 0-255, Node's 'latin1'
 * encoding): comparison, hashing, Map keys and lengths are then exactly the
 * byte operations Redis performs, and the core never needs Buffers.
 *
 * The conversion happens only at the edges (sockets, files, process
 * arguments); text that Node hands us as Unicode (argv, error messages) is
 * turned into its UTF-8 bytes with `fromText`.
 */

/** Bytes → byte string. */
export function fromBytes(b: Uint8Array, start?: number, end?: number): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', start, end);
}

/** Byte string → bytes, written at the start of `into` (which must have room for them); returns how many. */
export function writeBytes(s: string, into: Uint8Array): number {
  return Buffer.from(into.buffer, into.byteOffset, into.byteLength).write(s, 0, 'latin1');
}

/** Byte string → bytes. */
export function toBytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/** Unicode text (argv, Node's messages) → byte string of its UTF-8 encoding. */
export function fromText(s: string): string {
  // ASCII is the common case and is already its own byte string.
  return isAscii(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

/**
 * Byte string → Unicode text, for the few Node APIs that only take text
 * (child process arguments, JSON logs). Invalid UTF-8 cannot be represented
 * there and becomes U+FFFD.
 */
export function toText(s: string): string {
  return isAscii(s) ? s : Buffer.from(s, 'latin1').toString('utf8');
}

function isAscii(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[^\x00-\x7f]/.test(s);
}

/**
 * C's tolower() in the C locale. String.prototype.toLowerCase would also fold
 * bytes 0xC0-0xDE, so 'x\xc0' and 'x\xe0' would collide where Redis's
 * strcasecmp() keeps them apart.
 */
export function asciiLower(s: string): string {
  // Every request's command name passes here: names already in lower case,
  // the usual spelling, are returned without building a string.
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // On pure ASCII toLowerCase is tolower() and V8's fastest path; a
    // regular expression there costs more than the command it names.
    if (c >= 0x80) return upper || hasAsciiUpper(s, i) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
    if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  return upper ? s.toLowerCase() : s;
}

function hasAsciiUpper(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return true;
  }
  return false;
}

/** memcmp() order: byte strings compare by code unit, which is byte order. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * C's "%.<n>s": at most n bytes. Redis's C strings would also end at a NUL
 * byte; we keep every byte of names and arguments everywhere, error texts
 * included, so that one rule holds throughout (see the README).
 */
export function cutBytes(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n);
}

/**
 * A copy of `s` that keeps nothing else alive. V8's substrings point into
 * their parent: a run id cut from an INFO reply and stored would keep that
 * whole reply (5 KB) for as long as the run id does not change.
 */
export function detached(s: string): string {
  return [...s].join('');
}
