/**
 * Writing generic directives back: each value in Redis's canonical form
 * (yes/no, gb/mb/kb, quoted strings, enum words), forced only when it differs
 * from redis-server's default.
 */
import type { DirectiveSpec, EnumSpec, NumberSpec, SpecialSpec } from './types';
import type { DirectiveValues } from './values';
import { BIND_DEFAULT, OBUF_CLASSES, OBUF_DEFAULTS, OOM_DEFAULTS } from './values';
import { keyspaceEventsToString } from './keyspace-events';
import { formatDoubleTrimmed, formatMemory } from '../c-numbers';
import { reprArg } from '../../core/split-args';
import type { RewriteLine, RewriteOption } from '../rewrite-types';

export interface RenderEnv {
  /** absolute working directory of the process at rewrite time */
  cwd: string;
}

export function enumName(spec: EnumSpec, value: number): string {
  const names: string[] = [];
  let unmatched = value;
  for (const item of spec.items) {
    if (item.value === value) return item.name;
    if (spec.multi && item.value !== 0 && (unmatched & item.value) === item.value) {
      names.push(item.name);
      unmatched &= ~item.value;
    }
  }
  return names.length === 0 || unmatched !== 0 ? 'unknown' : names.join(' ');
}

function numberText(spec: NumberSpec, v: bigint): { text: string; compared: bigint } {
  if (spec.format === 'mempct' && v < 0n) return { text: `${-v}%`, compared: -v };
  if (spec.format === 'mem' || spec.format === 'mempct') return { text: formatMemory(v), compared: v };
  if (spec.format === 'oct') return { text: v.toString(8), compared: v };
  return { text: `${v}`, compared: v };
}

function line(text: string, force: boolean): RewriteLine {
  return { text, force };
}

/** The rewrite of one generic directive (always its primary name). */
export function renderDirective(spec: DirectiveSpec, values: DirectiveValues, env: RenderEnv): RewriteOption {
  const key = spec.name;
  switch (spec.type) {
    case 'bool': {
      const v = values.bools.get(key) ?? spec.def;
      return { key, lines: [line(`${key} ${v ? 'yes' : 'no'}`, v !== spec.def)] };
    }
    case 'string': {
      const v = values.strings.has(key) ? (values.strings.get(key) ?? null) : spec.def;
      // An unset string must stay absent so that it is unset again after a restart.
      if (v === null) return { key, lines: [] };
      return { key, lines: [line(`${key} ${reprArg(v)}`, spec.def === null || v !== spec.def)] };
    }
    case 'enum': {
      const v = values.enums.get(key) ?? spec.def;
      return { key, lines: [line(`${key} ${enumName(spec, v)}`, v !== spec.def)] };
    }
    case 'number': {
      const v = values.numbers.get(key) ?? spec.def;
      const { text, compared } = numberText(spec, v);
      return { key, lines: [line(`${key} ${text}`, compared !== spec.def)] };
    }
    case 'special':
      return { key, lines: renderSpecial(spec, values, env) };
  }
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function renderSpecial(spec: SpecialSpec, values: DirectiveValues, env: RenderEnv): RewriteLine[] {
  switch (spec.name) {
    case 'dir':
      return [line(`dir ${reprArg(env.cwd)}`, true)];
    case 'save':
      // A sentinel never writes save points; listing the key blanks any old ones.
      return [];
    case 'client-output-buffer-limit':
      return values.obuf.map((o, i) => {
        const d = OBUF_DEFAULTS[i] ?? o;
        const force = o.hard !== d.hard || o.soft !== d.soft || o.seconds !== d.seconds;
        return line(`client-output-buffer-limit ${OBUF_CLASSES[i]} ${formatMemory(o.hard)} ${formatMemory(o.soft)} ${o.seconds}`, force);
      });
    case 'oom-score-adj-values':
      return [line(`oom-score-adj-values ${values.oomValues.join(' ')}`, !sameList(values.oomValues, OOM_DEFAULTS))];
    case 'notify-keyspace-events':
      return [line(`notify-keyspace-events ${reprArg(keyspaceEventsToString(values.keyspaceEvents))}`, values.keyspaceEvents !== 0)];
    case 'bind':
      if (sameList(values.bind, BIND_DEFAULT)) return [];
      return [line(`bind ${values.bind.length > 0 ? values.bind.join(' ') : '""'}`, true)];
    case 'replicaof':
      return values.replicaof === null ? [] : [line(`replicaof ${values.replicaof.host} ${values.replicaof.port}`, true)];
    case 'latency-tracking-info-percentiles': {
      const parts = values.percentiles.length === 0 ? ['""'] : values.percentiles.map(formatDoubleTrimmed);
      return [line(`latency-tracking-info-percentiles ${parts.join(' ')}`, true)];
    }
  }
}
