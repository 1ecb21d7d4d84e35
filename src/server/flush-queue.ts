/**
 * Replies to what a client sent go out once the event loop has read every
 * client that was ready (Node's check phase), as Redis writes them before it
 * sleeps, instead of right after each read. As many writes, but cheaper
 * ones, the kernel's share above all (bench/client-port, the -P 16 tests).
 */
export interface DeferredFlush {
  flushDeferred(): void;
}

let queued: DeferredFlush[] = [];
let scheduled = false;

function flushAll(): void {
  scheduled = false;
  const batch = queued;
  queued = [];
  for (const s of batch) s.flushDeferred();
}

/** `s` is flushed once in the coming check phase; the caller queues it at most once per turn. */
export function queueFlush(s: DeferredFlush): void {
  queued.push(s);
  if (scheduled) return;
  scheduled = true;
  setImmediate(flushAll);
}
