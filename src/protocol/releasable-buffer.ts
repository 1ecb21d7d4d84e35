/**
 * A buffer whose memory goes back to the system the moment release() is
 * called, instead of whenever a full garbage collection finds it unreachable.
 *
 * It is backed by a resizable ArrayBuffer: V8 maps those pages itself, and
 * shrinking one to zero bytes hands the pages back at once. An ordinary
 * Buffer of the same size would live in the malloc heap and, once promoted
 * to V8's old generation, stay there until the next mark-compact, which an
 * idle daemon may not run for minutes. Views taken from it become empty
 * (never dangling) once it is released.
 */
export interface ReleasableBuffer {
  readonly bytes: Buffer;
  release(): void;
}

interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}

type ResizableArrayBufferConstructor = new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

const Resizable = ArrayBuffer as unknown as ResizableArrayBufferConstructor;
const supported = typeof (ArrayBuffer.prototype as Partial<ResizableArrayBuffer>).resize === 'function';

/** `n` bytes, zero-filled; pages not yet written take no resident memory. */
export function allocReleasable(n: number): ReleasableBuffer {
  if (!supported) return { bytes: Buffer.alloc(n), release: () => undefined };
  const ab = new Resizable(n, { maxByteLength: n });
  return { bytes: Buffer.from(ab, 0, n), release: () => ab.resize(0) };
}
