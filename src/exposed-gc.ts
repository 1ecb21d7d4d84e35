/**
 * V8's gc(), present when the launcher turned on --expose-gc (src/boot/
 * load-bundle.ts; new contexts get it), and the two collections the daemon
 * asks for with it. Without --expose-gc (tests running the server or the
 * daemon in-process) both do nothing.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * In the V8 of Node 20 gc() with no argument is a full collection, and
 * gc({type:'minor'}) a young-generation one; other options (`execution`,
 * `flavor`) are not those of later V8s and were measured to do a scavenge
 * only, so none are passed.
 */
type GcCall = (options?: { type: 'minor' }) => void;

/**
 * Looked up at the first collection, not at start: the context it comes
 * from costs start-up time and memory.
 */
let gc: GcCall | null | undefined;

function exposedGc(): GcCall | null {
  if (gc === undefined) {
    const f: unknown = vm.runInNewContext('typeof gc === "function" ? gc : null');
    gc = typeof f === 'function' ? (f as GcCall) : null;
  }
  return gc;
}

/** A young-generation collection: cheap, for swept socket buffers. */
export function minorGc(): void {
  exposedGc()?.({ type: 'minor' });
}

/** Old-space sizes around a compacting collection, in bytes. */
export interface CompactResult {
  usedBefore: number;
  usedAfter: number;
  committedBefore: number;
  committedAfter: number;
}

function oldSpace(): { used: number; committed: number } {
  for (const s of v8.getHeapSpaceStatistics()) {
    if (s.space_name === 'old_space') return { used: s.space_used_size, committed: s.physical_space_size };
  }
  return { used: 0, committed: 0 };
}

/**
 * A full collection that also moves every surviving object, so that pages
 * left with a few live objects are emptied and given back to the system. A
 * plain full collection frees the dead objects but keeps their pages (the
 * resident size does not move); V8 only compacts that hard when its memory
 * reducer runs, which it starts on a timer and only if the allocation rate
 * happens to be low then. The flag is on for this one collection only: on
 * every full collection it would make the ones under load slower.
 */
export function compactingGc(): CompactResult | null {
  const f = exposedGc();
  if (f === null) return null;
  const before = oldSpace();
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    f();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
  const after = oldSpace();
  return { usedBefore: before.used, usedAfter: after.used, committedBefore: before.committed, committedAfter: after.committed };
}
