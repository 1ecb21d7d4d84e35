/**
 * Setting one generic directive from its arguments, with redis-server's
 * validation and its exact error texts (they end up in the fatal report).
 */
import type { BoolSpec, DirectiveSpec, EnumSpec, NumberSpec, SpecialSpec, StringSpec } from './types';
import type { DirectiveValues } from './values';
import { keyspaceEventsFromString } from './keyspace-events';
import { memtoull, strtollWhole, string2d } from '../c-numbers';
import { string2ll } from '../../core/string2ll';
import { splitArgs } from '../../core/split-args';
import { cutBytes } from '../../core/bytes';
import type { Result } from '../result';

export interface ApplyContext {
  /** Changes the (virtual) working directory; returns the new absolute one or the strerror text. */
  chdir(path: string): Result<string, string>;
}

const WRONG_ARGC = 'wrong number of arguments';

function isMultiArg(spec: DirectiveSpec): boolean {
  if (spec.type === 'enum') return spec.multi;
  if (spec.type !== 'special') return false;
  return spec.name !== 'dir' && spec.name !== 'notify-keyspace-events';
}

/**
 * Applies `args` (the words after the directive name). Returns null on
 * success or the error message.
 */
export function applyDirective(values: DirectiveValues, spec: DirectiveSpec, args: string[], ctx: ApplyContext): string | null {
  const multi = isMultiArg(spec);
  if (!multi && args.length !== 1) return WRONG_ARGC;
  // The single-valued kinds have exactly this one argument (just checked).
  const [first = ''] = args;
  // A multi-word value may come as one quoted argument (`--save "900 1"` on the command line).
  const words = multi && args.length === 1 && first !== '' ? (splitArgs(first) ?? []) : args;
  switch (spec.type) {
    case 'bool':
      return setBool(values, spec, first);
    case 'string':
      return setString(values, spec, first);
    case 'enum':
      return setEnum(values, spec, words);
    case 'number':
      return setNumber(values, spec, first);
    case 'special':
      return setSpecial(values, spec, words, ctx);
  }
}

function setBool(values: DirectiveValues, spec: BoolSpec, v: string): string | null {
  const l = v.toLowerCase();
  if (l !== 'yes' && l !== 'no') return "argument must be 'yes' or 'no'";
  values.bools.set(spec.name, l === 'yes');
  return null;
}

function setString(values: DirectiveValues, spec: StringSpec, v: string): string | null {
  const problem = spec.check?.(v) ?? null;
  if (problem !== null) return problem;
  values.strings.set(spec.name, spec.emptyIsNull && v === '' ? null : v);
  return null;
}

function setEnum(values: DirectiveValues, spec: EnumSpec, words: string[]): string | null {
  let value: number | null = words.length === 0 || (!spec.multi && words.length !== 1) ? null : 0;
  for (const w of words) {
    if (value === null) break;
    const matches = spec.items.filter((i) => i.name === w.toLowerCase());
    value = matches.length === 0 ? null : matches.reduce((acc, i) => acc | i.value, value);
  }
  if (value === null) {
    const msg = `argument(s) must be one of the following: ${spec.items.map((i) => i.name).join(', ')}`;
    return cutBytes(msg, 255);
  }
  const problem = spec.check?.(value) ?? null;
  if (problem !== null) return problem;
  values.enums.set(spec.name, value);
  return null;
}

function parseNumber(spec: NumberSpec, v: string): bigint | string {
  if (spec.format === 'mem' || spec.format === 'mempct') {
    const m = memtoull(v);
    if (m !== null) return BigInt.asIntN(64, m);
  }
  if (spec.format === 'mempct' && v.length > 1 && v.endsWith('%')) {
    const p = string2ll(v.slice(0, -1));
    // Percentages are kept as negative numbers, which is how Redis tells them apart from byte counts.
    if (p !== null && p >= 0n) return -p;
  }
  if (spec.format === 'oct') {
    const o = strtollWhole(v, 8);
    if (o !== null) return o;
    return "argument couldn't be parsed as an octal number";
  }
  if (spec.format === 'int') {
    const n = string2ll(v);
    if (n !== null) return n;
    return "argument couldn't be parsed into an integer";
  }
  return spec.format === 'mempct' ? 'argument must be a memory or percent value' : 'argument must be a memory value';
}

const UNSIGNED_KINDS = new Set(['ull', 'uint', 'size']);

function checkBounds(spec: NumberSpec, n: bigint): string | null {
  if (UNSIGNED_KINDS.has(spec.kind)) {
    const u = BigInt.asUintN(64, n);
    const lo = BigInt.asUintN(64, spec.min);
    const hi = BigInt.asUintN(64, spec.max);
    if (u >= lo && u <= hi) return null;
    if (spec.format === 'oct') return `argument must be between ${lo.toString(8)} and ${hi.toString(8)} inclusive`;
    return `argument must be between ${lo} and ${hi} inclusive`;
  }
  if (spec.format === 'mempct' && n < 0n) {
    return n < spec.min ? `percentage argument must be less or equal to ${-spec.min}` : null;
  }
  if (n > spec.max || n < spec.min) return `argument must be between ${spec.min} and ${spec.max} inclusive`;
  return null;
}

function setNumber(values: DirectiveValues, spec: NumberSpec, v: string): string | null {
  const n = parseNumber(spec, v);
  if (typeof n === 'string') return n;
  const problem = checkBounds(spec, n);
  if (problem !== null) return problem;
  values.numbers.set(spec.name, n);
  return null;
}

function setSpecial(values: DirectiveValues, spec: SpecialSpec, words: string[], ctx: ApplyContext): string | null {
  switch (spec.name) {
    case 'dir': {
      // dir and notify-keyspace-events are single-valued (isMultiArg): words is their one argument.
      const r = ctx.chdir(words[0] as string);
      if (!r.ok) return r.error;
      values.dir = r.value;
      return null;
    }
    case 'save':
      return setSave(values, words);
    case 'client-output-buffer-limit':
      return setObuf(values, words);
    case 'oom-score-adj-values':
      return setOomValues(values, words);
    case 'notify-keyspace-events': {
      const flags = keyspaceEventsFromString(words[0] as string);
      if (flags === null) return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
      values.keyspaceEvents = flags;
      return null;
    }
    case 'bind':
      if (words.length > 16) return 'Too many bind addresses specified.';
      values.bind = words.length === 1 && words[0] === '' ? [] : [...words];
      return null;
    case 'replicaof':
      return setReplicaof(values, words);
    case 'latency-tracking-info-percentiles':
      return setPercentiles(values, words);
  }
}

function setSave(values: DirectiveValues, words: string[]): string | null {
  const list = words.length === 1 && words[0] === '' ? [] : words;
  if (list.length % 2 !== 0) return 'Invalid save parameters';
  const nums: bigint[] = [];
  for (const [j, w] of list.entries()) {
    const n = strtollWhole(w, 10);
    if (n === null || (j % 2 === 0 && n < 1n) || (j % 2 === 1 && n < 0n)) return 'Invalid save parameters';
    nums.push(n);
  }
  // The first save line replaces the built-in schedule, later ones add to it; `save ""` empties it.
  const current = list.length === 0 ? [] : (values.save ?? []);
  // nums has an even length (list's was checked): j + 1 exists.
  for (let j = 0; j < nums.length; j += 2) current.push([nums[j] as bigint, nums[j + 1] as bigint]);
  values.save = current;
  return null;
}

function setObuf(values: DirectiveValues, words: string[]): string | null {
  if (words.length % 4 !== 0) return 'Wrong number of arguments in buffer limit configuration.';
  const updates: Array<[number, bigint, bigint, bigint]> = [];
  // words comes in fours (just checked): j to j + 3 exist.
  for (let j = 0; j < words.length; j += 4) {
    const cls = obufClass(words[j] as string);
    if (cls === null) return 'Invalid client class specified in buffer limit configuration.';
    const hard = memtoull(words[j + 1] as string);
    const soft = memtoull(words[j + 2] as string);
    const secsRaw = strtollWhole(words[j + 3] as string, 10);
    // The seconds land in a C int, so large values wrap before the sign test.
    const secs = secsRaw === null ? null : BigInt.asIntN(32, secsRaw);
    if (hard === null || soft === null || secs === null || secs < 0n) {
      return 'Error in hard, soft or soft_seconds setting in buffer limit configuration.';
    }
    updates.push([cls, hard, soft, secs]);
  }
  for (const [cls, hard, soft, seconds] of updates) values.obuf[cls] = { hard, soft, seconds };
  return null;
}

function obufClass(name: string): number | null {
  const l = name.toLowerCase();
  if (l === 'normal') return 0;
  if (l === 'slave' || l === 'replica') return 1;
  if (l === 'pubsub') return 2;
  return null;
}

function setOomValues(values: DirectiveValues, words: string[]): string | null {
  if (words.length !== 3) return WRONG_ARGC;
  const out: number[] = [];
  for (const w of words) {
    const n = strtollWhole(w, 10);
    if (n === null || n < -2000n || n > 2000n) return 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.';
    out.push(Number(n));
  }
  values.oomValues = out;
  return null;
}

function setReplicaof(values: DirectiveValues, words: string[]): string | null {
  if (words.length !== 2) return WRONG_ARGC;
  const [host, portText] = words as [string, string];
  values.replicaof = null;
  if (host.toLowerCase() === 'no' && portText.toLowerCase() === 'one') return null;
  const port = strtollWhole(portText, 10);
  if (port === null || port < 0n || port > 65535n) return 'Invalid master port';
  values.replicaof = { host, port: Number(port) };
  return null;
}

function setPercentiles(values: DirectiveValues, words: string[]): string | null {
  const list = words.length === 1 && words[0] === '' ? [] : words;
  const out: number[] = [];
  values.percentiles = [];
  for (const w of list) {
    const p = string2d(w);
    if (p === null) return 'Invalid latency-tracking-info-percentiles parameters';
    if (p > 100 || p < 0) return 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]';
    out.push(p);
  }
  values.percentiles = out;
  return null;
}
