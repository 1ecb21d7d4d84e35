import type { Directive } from './datadriven';
import { Invariants, settle, unsettled } from '../sim/invariants';
import type { RecordedEvent } from '../sim/world';
import { MASTER_NAME, World } from '../sim/world';

/**
 * The scripted environment of the scenario files: one World (test/sim)
 * driven command by command, with explicit control over delivery between
 * named nodes (`s<idx>` sentinels, `r<port>` instances), time, crashes,
 * clocks and saves. Each command prints what happened during it: the
 * events (`t=<ms since start> s<idx> <level> <channel> <payload>`, level
 * `#` warning, `*` notice, `-` verbose), and with `wire` on the commands that
 * change things (SLAVEOF, CONFIG REWRITE, votes asked and their replies).
 * Pings, INFO, hellos and debug events are left out: they only say that
 * time passed.
 *
 * Commands:
 *   world seed= sentinels= replicas= quorum= down-after= failover-timeout= [parallel-syncs=] [lockstep] [preknown]
 *   priority r<port> <n>              replica priority (0: never promoted)
 *   run <ms>                          advance time
 *   run-until <channel> [s<idx>] [max=<ms>]   step until that event (by that sentinel)
 *   settle [replicas] [max=<ms>]      step until all agree (and every instance replicates; invariants.ts)
 *   crash|restart <node>              a sentinel restarts from its last good save
 *   pause|resume s<idx>               SIGSTOP / SIGCONT
 *   partition <node>...               cut these nodes off from the rest; heal
 *   hold|drop|deliver <a> <b>         messages between two nodes wait / are lost / flow again
 *   hold-hellos|release-hellos s<idx> hellos of others reaching it wait, then arrive at once
 *   clock s<idx> <±ms>                its clock jumps
 *   saves s<idx> ok|fail|slow=<ms>    how its config saves end
 *   wire on|off                       print the commands that change things
 *   views | instances | state s<idx> | slaveof | check
 */
const LEVEL = { warning: '#', notice: '*', verbose: '-', debug: '.' } as const;
const START = 1_700_000_000_000;
/** far-end commands worth reading in a trace */
const WIRE = /^(SLAVEOF|REPLICAOF|CONFIG|SENTINEL|MULTI|EXEC|SCRIPT|CLIENT KILL)/i;

export class ScenarioEnv {
  private w: World | null = null;
  private inv: Invariants | null = null;
  private out: string[] = [];
  private wire = false;
  private marks = 0;

  run(d: Directive): string {
    this.out = [];
    if (d.cmd === 'world') this.makeWorld(d);
    else this.command(this.world(), d);
    return this.out.join('\n');
  }

  private world(): World {
    if (this.w === null) throw new Error('no world yet: start with "world"');
    return this.w;
  }

  private makeWorld(d: Directive): void {
    const n = (k: string, dflt: number): number => {
      const v = d.kv.get(k);
      return v === undefined ? dflt : Number(v);
    };
    const w = new World({
      seed: n('seed', 1),
      sentinels: n('sentinels', 3),
      replicas: n('replicas', 2),
      quorum: n('quorum', 2),
      downAfterMs: n('down-after', 3000),
      failoverTimeoutMs: n('failover-timeout', 10000),
      parallelSyncs: n('parallel-syncs', 1),
      lockstep: d.args.includes('lockstep'),
      preknownSentinels: d.args.includes('preknown'),
      startTime: START,
    });
    this.w = w;
    this.inv = new Invariants(w);
    w.eventListeners.push((e) => this.onEvent(e));
    w.wireListeners.push((m) => {
      if (this.wire && (WIRE.test(m.what) || m.what.startsWith('reply '))) this.out.push(`t=${m.t - START} ${m.from} -> ${m.to}: ${shortIds(m.what)}`);
    });
    this.out.push(`${w.sentinels.length} sentinels ${w.sentinels.map((s) => `${s.node}=${s.myid.slice(0, 8)}`).join(' ')}; master ${MASTER_NAME} r${w.groups[0]?.ports[0] ?? ''}, replicas ${w.groups[0]?.ports.slice(1).map((p) => `r${p}`).join(' ') ?? ''}`);
  }

  private onEvent(e: RecordedEvent): void {
    if (e.level === 'debug') return;
    // Run ids are long and seeded: shown by their first 8 characters, as the world line names them.
    this.out.push(`t=${e.t - START} s${e.sentinel} ${LEVEL[e.level]} ${e.channel} ${shortIds(e.payload)}`);
  }

  private command(w: World, d: Directive): void {
    const [a0 = '', a1 = ''] = d.args;
    const maxMs = Number(d.kv.get('max') ?? 60000);
    switch (d.cmd) {
      case 'priority':
        w.mustRedis(port(a0)).priority = Number(a1);
        return;
      case 'run':
        w.run(Number(a0));
        return;
      case 'run-until': {
        const who = a1 === '' ? null : sentinel(a1);
        let seen = false;
        const l = (e: RecordedEvent): void => {
          if (e.channel === a0 && (who === null || e.sentinel === who)) seen = true;
        };
        w.eventListeners.push(l);
        const ok = w.runUntil(() => seen, maxMs);
        w.eventListeners.splice(w.eventListeners.indexOf(l), 1);
        if (!ok) this.out.push(`timed out after ${maxMs} ms`);
        return;
      }
      case 'settle': {
        const r = settle(w, maxMs, 5000, { replicas: d.args.includes('replicas') });
        this.out.push(r === null ? 'settled' : `not settled: ${r}`);
        return;
      }
      case 'crash':
      case 'restart': {
        if (a0.startsWith('r')) (d.cmd === 'crash' ? w.crashRedis(port(a0)) : w.restartRedis(port(a0)));
        else if (d.cmd === 'crash') w.crashSentinel(sentinel(a0));
        else w.restartSentinel(sentinel(a0));
        return;
      }
      case 'pause':
        return w.pauseSentinel(sentinel(a0));
      case 'resume':
        return w.resumeSentinel(sentinel(a0));
      case 'partition':
        return w.partition(d.args);
      case 'heal':
        return w.heal();
      case 'hold':
      case 'drop':
        return w.holdPair(a0, a1, d.cmd);
      case 'deliver':
        return w.deliverPair(a0, a1);
      case 'hold-hellos':
        return w.holdHellos(sentinel(a0));
      case 'release-hellos':
        this.out.push(`releasing ${w.heldHellosOf(sentinel(a0)).length} hellos`);
        return w.releaseHellos(sentinel(a0));
      case 'clock':
        return w.jumpClock(sentinel(a0), Number(a1));
      case 'saves': {
        const slow = d.kv.get('slow');
        return w.setSaveMode(sentinel(a0), slow !== undefined ? { slowMs: Number(slow) } : a0 === '' ? 'ok' : a1 === 'fail' ? 'fail' : 'ok');
      }
      case 'wire':
        this.wire = a0 !== 'off';
        return;
      case 'views':
        for (const v of w.views()) this.out.push(`s${v.sentinel}: ${v.port}@${v.configEpoch}${v.failover ? ' failing over' : ''}`);
        return;
      case 'instances':
        for (const r of w.redis.values()) this.out.push(`r${r.port}: ${r.up ? r.role : 'down'}${r.role === 'slave' ? ` of r${r.masterPort}${r.linkUp ? '' : ' (link down)'}` : ''}`);
        return;
      case 'state': {
        const s = w.mustSentinel(sentinel(a0));
        const c = s.core;
        if (c === null) {
          this.out.push(`s${s.idx}: down; saved current epoch ${s.persisted.currentEpoch}`);
          return;
        }
        const m = c.masters.get(MASTER_NAME);
        this.out.push(
          `s${s.idx}: current epoch ${c.currentEpoch}, tilt ${c.tilt}` +
            (m === undefined ? '' : `; ${MASTER_NAME} r${m.port} config epoch ${m.configEpoch}, failover ${m.failoverState}${m.flags.failoverInProgress ? ` in epoch ${m.failoverEpoch}` : ''}, leader ${m.leader?.slice(0, 8) ?? 'none'}@${m.leaderEpoch}`),
        );
        return;
      }
      case 'slaveof':
        for (const x of w.slaveofLog.slice(this.marks)) this.out.push(`t=${x.t - START} r${x.port}: SLAVEOF ${x.to}`);
        this.marks = w.slaveofLog.length;
        return;
      case 'check': {
        const v = this.inv?.violations ?? [];
        this.out.push(...(v.length === 0 ? ['invariants hold'] : v));
        const u = unsettled(w, { replicas: true });
        if (d.args.includes('settled')) this.out.push(u === null ? 'settled' : `not settled: ${u}`);
        return;
      }
      default:
        throw new Error(`unknown command ${d.cmd}`);
    }
  }
}

/** Run ids are long and seeded: shown by their first 8 characters, as the world line names them. */
function shortIds(s: string): string {
  return s.replace(/\b([0-9a-f]{8})[0-9a-f]{32}\b/g, '$1');
}

function sentinel(node: string): number {
  const m = /^s(\d+)$/.exec(node);
  if (m === null) throw new Error(`not a sentinel: ${node}`);
  return Number(m[1]);
}

function port(node: string): number {
  const m = /^r(\d+)$/.exec(node);
  if (m === null) throw new Error(`not an instance: ${node}`);
  return Number(m[1]);
}
