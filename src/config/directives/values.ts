/**
 * The current value of every generic directive, as redis-server would hold it
 * after reading the file and the command line. Only values that were set are
 * stored; everything else reads as the default. Sentinel mode starts from two
 * different defaults (port 26379, protected-mode no), which is why the rewriter
 * always writes those two: they differ from redis-server's defaults.
 */

/** Output-buffer limits of one client class. */
export interface ObufLimit {
  hard: bigint;
  soft: bigint;
  seconds: bigint;
}

export const OBUF_CLASSES = ['normal', 'replica', 'pubsub'] as const;

export const OBUF_DEFAULTS: readonly ObufLimit[] = [
  { hard: 0n, soft: 0n, seconds: 0n },
  { hard: 256n * 1024n * 1024n, soft: 64n * 1024n * 1024n, seconds: 60n },
  { hard: 32n * 1024n * 1024n, soft: 8n * 1024n * 1024n, seconds: 60n },
];

export const OOM_DEFAULTS: readonly number[] = [0, 200, 800];
export const BIND_DEFAULT: readonly string[] = ['*', '-::*'];
export const PERCENTILES_DEFAULT: readonly number[] = [50, 99, 99.9];

export interface DirectiveValues {
  bools: Map<string, boolean>;
  strings: Map<string, string | null>;
  enums: Map<string, number>;
  numbers: Map<string, bigint>;
  /** null while the file has no `save` line (the defaults then apply) */
  save: Array<[bigint, bigint]> | null;
  obuf: ObufLimit[];
  oomValues: number[];
  keyspaceEvents: number;
  bind: string[];
  replicaof: { host: string; port: number } | null;
  percentiles: number[];
  /** absolute directory named by the last `dir` line, null when there was none */
  dir: string | null;
}

export const SENTINEL_DEFAULT_PORT = 26379;

export function sentinelDefaults(): DirectiveValues {
  return {
    bools: new Map([['protected-mode', false]]),
    strings: new Map(),
    enums: new Map(),
    numbers: new Map([['port', BigInt(SENTINEL_DEFAULT_PORT)]]),
    save: null,
    obuf: OBUF_DEFAULTS.map((o) => ({ ...o })),
    oomValues: [...OOM_DEFAULTS],
    keyspaceEvents: 0,
    bind: [...BIND_DEFAULT],
    replicaof: null,
    percentiles: [...PERCENTILES_DEFAULT],
    dir: null,
  };
}
