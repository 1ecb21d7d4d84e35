import { minorGc } from '../exposed-gc';

/** Client input after which the socket buffers it came in are swept. */
const SWEEP_EVERY_BYTES = 8 * 1024 * 1024;

let sinceSweep = 0;

/**
 * Node reads every socket into a fresh 64 KB malloc'd buffer. We are done with
 * each one at once (parsed, or copied into a reserved argument buffer), but
 * V8 only frees them at a collection, and sees so little of them that under a
 * flood of input (100 MB into one big bulk) tens of megabytes pile up first.
 * glibc then keeps that freed heap: the process stays that much larger long
 * after the flood. A young-generation collection every few megabytes of input
 * bounds the pile; with a 1 MB young generation it takes well under a
 * millisecond. Without --expose-gc (tests running the server in-process) this
 * does nothing.
 */
export function noteClientInput(bytes: number): void {
  sinceSweep += bytes;
  if (sinceSweep < SWEEP_EVERY_BYTES) return;
  sinceSweep = 0;
  minorGc();
}
