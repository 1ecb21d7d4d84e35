import type { Rng } from './prng';
import { deriveRng, pick, randInt } from './prng';
import type { World } from './world';

/**
 * A seeded schedule of faults between `from` and `to` (absolute virtual
 * times); everything is healed at `to`. Faults overlap freely; a partition or
 * latency spike only undoes itself if no later one replaced it.
 */
export interface FaultOptions {
  from: number;
  to: number;
  /** mean gap between fault starts, ms */
  meanGapMs?: number;
  /** also clock jumps and failing or slow config saves (default true) */
  ioFaults?: boolean;
}

const NET_FAULTS = ['crash-master', 'crash-master', 'crash-redis', 'crash-sentinel', 'isolate', 'split', 'pause', 'latency', 'reset'] as const;
const IO_FAULTS = ['clock-jump', 'save-fail', 'save-slow', 'crash-sentinel'] as const;

export function scheduleRandomFaults(w: World, seed: number, o: FaultOptions): string[] {
  const rng = deriveRng(seed, 7);
  const plan: string[] = [];
  const gap = o.meanGapMs ?? 4000;
  let partitionGen = 0;
  let latencyGen = 0;
  let t = o.from;
  for (;;) {
    t += randInt(rng, gap / 2, (gap * 3) / 2);
    if (t >= o.to) break;
    const dur = randInt(rng, 1000, 20000);
    const end = Math.min(t + dur, o.to);
    const kind = pick(rng, o.ioFaults === false ? NET_FAULTS : [...NET_FAULTS, ...IO_FAULTS]);
    switch (kind) {
      case 'crash-master': {
        // Resolved when it happens: whatever instance is master by then.
        let victim = -1;
        w.at(t, 'crash the master', () => {
          const m = w.actualMasters();
          victim = m.length > 0 ? pick(rng, m) : -1;
          if (victim > 0) w.crashRedis(victim);
        });
        w.at(end, 'restart it', () => {
          if (victim > 0) w.restartRedis(victim);
        });
        plan.push(`${t}: crash master for ${end - t}`);
        break;
      }
      case 'crash-redis': {
        const port = pick(rng, [...w.redis.keys()]);
        w.at(t, `crash ${port}`, () => w.crashRedis(port));
        w.at(end, `restart ${port}`, () => w.restartRedis(port));
        plan.push(`${t}: crash ${port} for ${end - t}`);
        break;
      }
      case 'crash-sentinel': {
        const idx = randInt(rng, 0, w.sentinels.length - 1);
        w.at(t, `crash s${idx}`, () => w.crashSentinel(idx));
        w.at(end, `restart s${idx}`, () => w.restartSentinel(idx));
        plan.push(`${t}: crash s${idx} for ${end - t}`);
        break;
      }
      case 'isolate':
      case 'split': {
        const nodes = allNodes(w);
        const side = kind === 'isolate' ? [pick(rng, nodes)] : nodes.filter(() => rng() < 0.5);
        const gen = ++partitionGen;
        w.at(t, `partition ${side.join(',')}`, () => w.partition(side));
        w.at(end, 'heal', () => {
          if (gen === partitionGen) w.heal();
        });
        plan.push(`${t}: partition [${side.join(',')}] for ${end - t}`);
        break;
      }
      case 'pause': {
        const idx = randInt(rng, 0, w.sentinels.length - 1);
        const pauseEnd = Math.min(t + randInt(rng, 500, 5000), o.to);
        w.at(t, `pause s${idx}`, () => w.pauseSentinel(idx));
        w.at(pauseEnd, `resume s${idx}`, () => w.resumeSentinel(idx));
        plan.push(`${t}: pause s${idx} for ${pauseEnd - t}`);
        break;
      }
      case 'latency': {
        const factor = randInt(rng, 5, 60);
        const gen = ++latencyGen;
        w.at(t, `latency x${factor}`, () => {
          w.latencyFactor = factor;
        });
        w.at(end, 'latency back', () => {
          if (gen === latencyGen) w.latencyFactor = 1;
        });
        plan.push(`${t}: latency x${factor} for ${end - t}`);
        break;
      }
      case 'clock-jump': {
        // Forward past the TILT trigger, backwards (always TILT), or a small
        // step forward that must not trigger it.
        const idx = randInt(rng, 0, w.sentinels.length - 1);
        const how = randInt(rng, 0, 2);
        const delta = how === 0 ? randInt(rng, 2500, 60000) : how === 1 ? -randInt(rng, 200, 30000) : randInt(rng, 1, 1500);
        w.at(t, `clock of s${idx} jumps ${delta}`, () => w.jumpClock(idx, delta));
        plan.push(`${t}: clock of s${idx} jumps ${delta} ms`);
        break;
      }
      case 'save-fail':
      case 'save-slow': {
        // Usually ended by a crash of that sentinel before the disk comes
        // back: a restart from the last save that worked.
        const idx = randInt(rng, 0, w.sentinels.length - 1);
        const mode = kind === 'save-fail' ? 'fail' : { slowMs: randInt(rng, 50, 3000) };
        const crashAt = rng() < 0.6 ? randInt(rng, t, end) : null;
        w.at(t, `saves of s${idx} ${kind === 'save-fail' ? 'fail' : 'slow'}`, () => w.setSaveMode(idx, mode));
        if (crashAt !== null) {
          w.at(crashAt, `crash s${idx}`, () => w.crashSentinel(idx));
          w.at(Math.min(crashAt + randInt(rng, 100, 5000), o.to), `restart s${idx}`, () => w.restartSentinel(idx));
        }
        w.at(end, `saves of s${idx} ok`, () => w.setSaveMode(idx, 'ok'));
        plan.push(`${t}: saves of s${idx} ${kind === 'save-fail' ? 'fail' : `take ${typeof mode === 'string' ? 0 : mode.slowMs} ms`} for ${end - t}${crashAt !== null ? `, crash at ${crashAt}` : ''}`);
        break;
      }
      case 'reset': {
        const r: Rng = deriveRng(seed, t);
        w.at(t, 'reset a connection', () => w.resetConnection((keys) => (keys.length > 0 ? pick(r, keys) : undefined)));
        plan.push(`${t}: reset a connection`);
        break;
      }
    }
  }
  w.at(o.to, 'heal everything', () => w.healAll());
  return plan;
}

function allNodes(w: World): string[] {
  return [...w.sentinels.map((s) => `s${s.idx}`), ...[...w.redis.keys()].map((p) => `r${p}`)];
}
