/**
 * Shapes of the generic (redis.conf) directives. A sentinel accepts every
 * directive redis-server 7.0 accepts, validates it the same way and rewrites
 * it in the same canonical form, even though almost none of them has any
 * effect here: that is what keeps a file portable between the two daemons.
 */

/** The C type behind a numeric directive; it decides the bounds check (signed or unsigned). */
export type NumKind = 'int' | 'uint' | 'ulong' | 'll' | 'ull' | 'size' | 'ssize' | 'time' | 'off';

/** How a numeric value is parsed and written back. */
export type NumFormat = 'int' | 'mem' | 'oct' | 'mempct';

export interface EnumItem {
  name: string;
  value: number;
}

/** Returns an error message, or null when the value is acceptable. */
export type StringCheck = (value: string) => string | null;
export type EnumCheck = (value: number) => string | null;

export type SpecialName =
  | 'dir'
  | 'save'
  | 'client-output-buffer-limit'
  | 'oom-score-adj-values'
  | 'notify-keyspace-events'
  | 'bind'
  | 'replicaof'
  | 'latency-tracking-info-percentiles';

interface Common {
  name: string;
  alias?: string;
}

export interface BoolSpec extends Common {
  type: 'bool';
  def: boolean;
}

export interface StringSpec extends Common {
  type: 'string';
  def: string | null;
  emptyIsNull: boolean;
  check?: StringCheck;
}

export interface EnumSpec extends Common {
  type: 'enum';
  items: readonly EnumItem[];
  def: number;
  /** several words OR-ed together (`shutdown-on-sigterm nosave now`) */
  multi: boolean;
  check?: EnumCheck;
}

export interface NumberSpec extends Common {
  type: 'number';
  kind: NumKind;
  min: bigint;
  max: bigint;
  def: bigint;
  format: NumFormat;
}

export interface SpecialSpec extends Common {
  type: 'special';
  name: SpecialName;
}

export type DirectiveSpec = BoolSpec | StringSpec | EnumSpec | NumberSpec | SpecialSpec;
