/**
 * The ops endpoint without sockets: metric names against redis_exporter's,
 * the text format, the event counters, routing, and the http-* directives.
 */
import { describe, expect, it } from 'vitest';
import { EXPORTER_METRICS, OWN_METRICS } from '../../src/ops/metric-names';
import { PromText } from '../../src/ops/prom-text';
import { OpsCounters, masterNameOf } from '../../src/ops/ops-counters';
import { Histogram } from '../../src/ops/histogram';
import { parseConfig } from '../../src/config/parse';
import type { ParsedConfig } from '../../src/config/parse';
import { renderRewrite } from '../../src/config/rewrite-bridge';
import { withUsers } from '../helpers/config-users';
import { parseCliArgs } from '../../src/config/cli-args';
import { memConfigFs } from '../helpers/mem-config-fs';

/**
 * redis_exporter's sentinel gauges (oliver006/redis_exporter,
 * exporter/sentinels.go and the metric map in exporter.go, namespace
 * "redis"), with the labels it gives them. Written out here, not derived
 * from our table, so a rename on either side fails this test.
 */
const REDIS_EXPORTER_SENTINEL = new Map<string, string[]>([
  ['redis_sentinel_masters', []],
  ['redis_sentinel_tilt', []],
  ['redis_sentinel_running_scripts', []],
  ['redis_sentinel_scripts_queue_length', []],
  ['redis_sentinel_simulate_failure_flags', []],
  ['redis_sentinel_master_status', ['master_name', 'master_address', 'master_status']],
  ['redis_sentinel_master_slaves', ['master_name', 'master_address']],
  ['redis_sentinel_master_ok_slaves', ['master_name', 'master_address']],
  ['redis_sentinel_master_sentinels', ['master_name', 'master_address']],
  ['redis_sentinel_master_ok_sentinels', ['master_name', 'master_address']],
  ['redis_sentinel_master_ckquorum_status', ['master_name', 'message']],
  ['redis_sentinel_master_config_epoch', ['master_name', 'master_address']],
]);

describe('ops metric names', () => {
  it('uses exactly redis_exporter names for the metrics it shares', () => {
    expect(new Set(Object.values(EXPORTER_METRICS))).toEqual(new Set(REDIS_EXPORTER_SENTINEL.keys()));
  });

  it('prefixes every metric of its own with redis_sentinel_ts_, with no clash', () => {
    const own = Object.values(OWN_METRICS);
    for (const n of own) expect(n).toMatch(/^redis_sentinel_ts_[a-z_]+$/);
    expect(new Set(own).size).toBe(own.length);
    for (const n of own) expect(REDIS_EXPORTER_SENTINEL.has(n)).toBe(false);
  });
});

describe('ops Prometheus text', () => {
  it('writes HELP/TYPE once and escapes label values', () => {
    const p = new PromText();
    p.family('x', 'gauge', 'help');
    p.sample('x', 1, { a: 'q"b\\c\nd' });
    p.sample('x', Infinity);
    expect(p.text()).toBe('# HELP x help\n# TYPE x gauge\nx{a="q\\"b\\\\c\\nd"} 1\nx +Inf\n');
  });

  it('keeps histogram buckets cumulative', () => {
    const h = new Histogram([1, 5]);
    h.observe(0.5);
    h.observe(3);
    h.observe(9);
    expect([h.counts, h.count, h.sum]).toEqual([[1, 2], 3, 12.5]);
  });
});

describe('ops event counters', () => {
  it('finds the master name in event payloads', () => {
    expect(masterNameOf('+odown', 'master m 127.0.0.1 6379 #quorum 1/1')).toBe('m');
    expect(masterNameOf('+switch-master', 'm 127.0.0.1 6379 127.0.0.1 6380')).toBe('m');
    expect(masterNameOf('+sdown', 'slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379')).toBe(null);
  });

  it('counts events and votes, and times +odown -> +switch-master across aborted attempts', () => {
    const c = new OpsCounters();
    c.onEvent('+odown', 'master m 127.0.0.1 6379 #quorum 1/1', 1000);
    c.onEvent('+try-failover', 'master m 127.0.0.1 6379', 1001);
    c.onEvent('+vote-for-leader', 'abc 1', 1001);
    c.onEvent('-failover-abort-no-good-slave', 'master m 127.0.0.1 6379', 1002);
    c.onEvent('+try-failover', 'master m 127.0.0.1 6379', 4000);
    c.onEvent('+vote-for-leader', 'abc 2', 4000);
    c.onEvent('+switch-master', 'm 127.0.0.1 6379 127.0.0.1 6380', 4500);
    expect(c.eventsByType.get('+try-failover')).toBe(2);
    expect(c.votesGiven).toBe(2);
    expect([c.failoverDurations.count, c.failoverDurations.sum]).toEqual([1, 3.5]);
    // A master that came back by itself starts no duration.
    c.onEvent('+odown', 'master n 127.0.0.1 7000 #quorum 1/1', 5000);
    c.onEvent('-odown', 'master n 127.0.0.1 7000', 6000);
    c.onEvent('+switch-master', 'n 127.0.0.1 7000 127.0.0.1 7001', 9000);
    expect(c.failoverDurations.count).toBe(1);
  });
});

describe('http-port / http-bind directives', () => {
  const MYID = 'e6e152154be37a9ddd6b9843033e29a354862f33';
  function load(text: string, extra: string[] = []): ParsedConfig {
    const r = parseConfig(text, extra, { fs: memConfigFs({ dirs: ['/srv/sentinel'] }), cwd: '/srv/sentinel' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    r.value.sentinel.myid = MYID;
    return r.value;
  }
  const rewrite = (text: string): string => {
    const cfg = load(text);
    return renderRewrite(text, cfg.sentinel, withUsers(cfg), { defaultDownAfter: 30000, defaultFailoverTimeout: 180000 }, '/srv/sentinel');
  };
  const BASE = 'port 26379\nsentinel monitor m 127.0.0.1 6379 1\n';

  it('is off by default and the rewrite adds no http-* line', () => {
    const cfg = load(BASE);
    expect(cfg.generic.httpPort).toBe(0);
    expect(cfg.generic.httpBind).toBe('127.0.0.1');
    expect(rewrite(BASE)).not.toMatch(/^http-/m);
  });

  it('reads both from the file and keeps the lines, even at their default values', () => {
    const text = `${BASE}http-port 9355\nhttp-bind 127.0.0.1\n`;
    const cfg = load(text);
    expect([cfg.generic.httpPort, cfg.generic.httpBind]).toEqual([9355, '127.0.0.1']);
    const out = rewrite(text);
    expect(out).toMatch(/^http-port 9355$/m);
    expect(out).toMatch(/^http-bind "?127\.0\.0\.1"?$/m);
  });

  it('takes --http-port/--http-bind on the command line like any directive', () => {
    const a = parseCliArgs(['/srv/sentinel/s.conf', '--http-port', '9355', '--http-bind', '::1'], '/srv/sentinel', '0.0.0');
    if (a.kind !== 'run') throw new Error(a.kind);
    const cfg = load(BASE, a.extraLines);
    expect([cfg.generic.httpPort, cfg.generic.httpBind]).toEqual([9355, '::1']);
  });

  it('rejects an out-of-range port', () => {
    const r = parseConfig(`${BASE}http-port 70000\n`, [], { fs: memConfigFs({ dirs: ['/srv/sentinel'] }), cwd: '/srv/sentinel' });
    expect(r.ok).toBe(false);
  });
});
