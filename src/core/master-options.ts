/**
 * The per-master options, each declared once: its config directive
 * (`sentinel <name> <master> <value...>`), its SENTINEL SET form, how it is
 * rewritten, where SENTINEL MASTER(S) shows it and its default. Config
 * parsing, SET, the rewrite, the replies and the Master/MasterSpec/snapshot
 * copies are all driven from this table.
 */

/** The settings a master carries, alike in the live record (Master) and in its description (MasterSpec). */
export interface MasterSettings {
  quorum: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
  parallelSyncs: number;
  notificationScript: string | null;
  clientReconfigScript: string | null;
  authPass: string | null;
  authUser: string | null;
  masterRebootDownAfterPeriodMs: number;
  /**
   * For the options with another spelling (see `aliases`): the one the
   * operator used last, by the option's name; absent means the name itself.
   * The rewrite writes it back, so a Valkey config stays a Valkey config.
   */
  spellings: Readonly<Record<string, string>>;
}

type NumericField = { [K in keyof MasterSettings]: MasterSettings[K] extends number ? K : never }[keyof MasterSettings];
type TextField = { [K in keyof MasterSettings]: MasterSettings[K] extends string | null ? K : never }[keyof MasterSettings];

/**
 * Redis reads every numeric option as a long long, checks it, then stores it
 * in the field's C type. Those types are visible to clients (SENTINEL MASTER
 * shows quorum 4294967297 as 1), so the same narrowing is applied.
 */
export type CType = 'long long' | 'int' | 'unsigned int';

/** Where SENTINEL MASTER(S), REPLICAS and SENTINELS show an option (the field is named after it). */
export type ReplyPlace =
  /** in every instance's map, after the link fields: replicas and peers are judged with their master's value */
  | 'every-instance'
  /** in the master's map, after num-other-sentinels, in table order */
  | 'master'
  | null;

interface Common {
  /** the directive and SET name (lower case), as redis-sentinel 7.0.15 spells it */
  name: string;
  /** other spellings of the same directive and SET option (Valkey 8's), lower case */
  aliases: readonly string[];
  reply: ReplyPlace;
}

export interface NumberOption extends Common {
  kind: 'number';
  field: NumericField;
  ctype: CType;
  /** SET refuses values below this */
  setMin: bigint;
  /**
   * The config directive's check of the value (atoi'd as Redis does) and its
   * error; null when the option has no directive of its own (the quorum is
   * on the monitor line).
   */
  directive: { min: number; error: string } | { min: null } | null;
  /** not written back when equal to this (the rewrite may be given other defaults: the DEBUG timings) */
  default: number;
}

export interface TextOption extends Common {
  kind: 'text';
  field: TextField;
  /** a path the sentinel runs: it must be executable, and SET may be denied it (deny-scripts-reconfig) */
  script: { setError: string; loadError: string } | null;
  /** masked in the +set event */
  secret: boolean;
  /** new credentials only take effect on new connections: SET closes the master's and replicas' links */
  relinks: boolean;
}

/** rename-command <from> <to>: a table of its own, kept in insertion order. */
export interface RenameOption extends Common {
  kind: 'rename';
}

export type MasterOption = NumberOption | TextOption | RenameOption;

const TIME_ERROR = 'negative or zero time parameter.';

function num(
  name: string,
  field: NumericField,
  ctype: CType,
  setMin: bigint,
  directive: NumberOption['directive'],
  def: number,
  reply: ReplyPlace,
  aliases: readonly string[] = [],
): NumberOption {
  return { kind: 'number', name, aliases, field, ctype, setMin, directive, default: def, reply };
}

function text(name: string, field: TextField, o: Partial<Pick<TextOption, 'script' | 'secret' | 'relinks' | 'reply'>>): TextOption {
  return { kind: 'text', name, aliases: [], field, script: o.script ?? null, secret: o.secret ?? false, relinks: o.relinks ?? false, reply: o.reply ?? null };
}

export const DEFAULT_DOWN_AFTER_MS = 30000;
export const DEFAULT_FAILOVER_TIMEOUT_MS = 180000;

/**
 * In the order the rewrite writes them (rename-command after the known
 * replicas and sentinels, as Redis does) and SENTINEL MASTER lists them.
 */
export const MASTER_OPTIONS: readonly MasterOption[] = [
  // Always given by MONITOR, which writes it on its own line.
  num('quorum', 'quorum', 'unsigned int', 1n, null, 0, 'master'),
  num('down-after-milliseconds', 'downAfterMs', 'long long', 1n, { min: 1, error: TIME_ERROR }, DEFAULT_DOWN_AFTER_MS, 'every-instance'),
  num('failover-timeout', 'failoverTimeoutMs', 'long long', 1n, { min: 1, error: TIME_ERROR }, DEFAULT_FAILOVER_TIMEOUT_MS, 'master'),
  num('parallel-syncs', 'parallelSyncs', 'int', 1n, { min: null }, 1, 'master'),
  text('notification-script', 'notificationScript', {
    script: {
      setError: 'Notification script seems non existing or non executable',
      loadError: 'Notification script seems non existing or non executable.',
    },
    reply: 'master',
  }),
  text('client-reconfig-script', 'clientReconfigScript', {
    script: {
      setError: 'Client reconfiguration script seems non existing or non executable',
      loadError: 'Client reconfiguration script seems non existing or non executable.',
    },
    reply: 'master',
  }),
  text('auth-pass', 'authPass', { secret: true, relinks: true }),
  text('auth-user', 'authUser', { relinks: true }),
  // Valkey 8 renamed it; its sentinel takes both spellings, as directive and in SET.
  num('master-reboot-down-after-period', 'masterRebootDownAfterPeriodMs', 'long long', 0n, { min: 0, error: 'negative time parameter.' }, 0, null, [
    'primary-reboot-down-after-period',
  ]),
  { kind: 'rename', name: 'rename-command', aliases: [], reply: null },
];

/** Every name an option answers to: its own first, then its aliases. */
export function spellingsOf(o: MasterOption): readonly string[] {
  return [o.name, ...o.aliases];
}

const BY_NAME = new Map(MASTER_OPTIONS.flatMap((o) => spellingsOf(o).map((n): [string, MasterOption] => [n, o])));

/** The option of that (lower-cased) name or alias. */
export function masterOption(name: string): MasterOption | undefined {
  return BY_NAME.get(name);
}

/** The spelling to write an option under for this master: the one last read or set, else the 7.0 name. */
export function spellingFor(s: Pick<MasterSettings, 'spellings'>, o: MasterOption): string {
  return s.spellings[o.name] ?? o.name;
}

/**
 * The spellings after an option was read or set as `spelled` (lower case):
 * the 7.0 name is the default and is not recorded.
 */
export function withSpelling(s: Readonly<Record<string, string>>, o: MasterOption, spelled: string): Readonly<Record<string, string>> {
  const next: Record<string, string> = { ...s };
  if (spelled === o.name) delete next[o.name];
  else next[o.name] = spelled;
  return next;
}

/** How many values SET and the directive take after the master name. */
export function optionArity(o: MasterOption): number {
  return o.kind === 'rename' ? 2 : 1;
}

/** The options that have a `sentinel <name> <master> ...` directive of their own. */
export function hasDirective(o: MasterOption): boolean {
  return o.kind !== 'number' || o.directive !== null;
}

function copyField<K extends keyof MasterSettings>(to: MasterSettings, from: MasterSettings, k: K): void {
  to[k] = from[k];
}

const SETTING_FIELDS: ReadonlyArray<keyof MasterSettings> = MASTER_OPTIONS.flatMap((o) => (o.kind === 'rename' ? [] : [o.field]));

/** A master's settings as a value of their own (from a spec into a record, or back). */
export function settingsOf(from: MasterSettings): MasterSettings {
  // Filled field by field from the table just below.
  const to = {} as MasterSettings;
  for (const f of SETTING_FIELDS) copyField(to, from, f);
  to.spellings = { ...from.spellings };
  return to;
}

/** Every setting at its default; the quorum is 0 until MONITOR gives it. */
export function defaultSettings(): MasterSettings {
  const to = {} as MasterSettings;
  for (const o of MASTER_OPTIONS) {
    if (o.kind === 'number') to[o.field] = o.default;
    else if (o.kind === 'text') to[o.field] = null;
  }
  to.spellings = {};
  return to;
}
