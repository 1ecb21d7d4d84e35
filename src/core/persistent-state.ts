/**
 * The part of the sentinel's state that survives a restart: exactly what the
 * `sentinel ...` lines of the config file carry. The config layer turns files
 * into this shape and back; the core is built from it and snapshots it on every
 * flush. Keeping it a plain value is what lets both sides be tested alone.
 */

import type { MasterSettings } from './master-options';
import { DEFAULT_DOWN_AFTER_MS, DEFAULT_FAILOVER_TIMEOUT_MS, defaultSettings } from './master-options';

export interface AddrSpec {
  host: string;
  port: number;
}

export interface KnownSentinelSpec extends AddrSpec {
  runid: string;
}

/** A master as the file describes it: its settings (see master-options.ts) and what it learnt. */
export interface MasterSpec extends MasterSettings {
  name: string;
  host: string;
  port: number;
  /** original command (as the user wrote it; matched case-insensitively) -> renamed command, in insertion order */
  renamedCommands: Array<[string, string]>;
  configEpoch: bigint;
  leaderEpoch: bigint;
  knownReplicas: AddrSpec[];
  knownSentinels: KnownSentinelSpec[];
}

/**
 * The sentinel-wide settings, declared here only: the file carries them,
 * the core holds them (SentinelCore), the snapshot copies them back and
 * SENTINEL CONFIG changes all but deny-scripts-reconfig (global-params.ts).
 */
export interface GlobalSettings {
  announceIp: string | null;
  announcePort: number;
  announceHostnames: boolean;
  resolveHostnames: boolean;
  denyScriptsReconfig: boolean;
  sentinelUser: string | null;
  sentinelPass: string | null;
}

export function defaultGlobalSettings(): GlobalSettings {
  return {
    announceIp: null,
    announcePort: 0,
    announceHostnames: false,
    resolveHostnames: false,
    denyScriptsReconfig: true,
    sentinelUser: null,
    sentinelPass: null,
  };
}

const GLOBAL_SETTING_KEYS = Object.keys(defaultGlobalSettings()) as ReadonlyArray<keyof GlobalSettings>;

function copySetting<K extends keyof GlobalSettings>(to: GlobalSettings, from: Readonly<GlobalSettings>, k: K): void {
  to[k] = from[k];
}

/** Copies the global settings from one holder into another (the state into the core, the core into a snapshot). */
export function copyGlobalSettings(to: GlobalSettings, from: Readonly<GlobalSettings>): void {
  for (const k of GLOBAL_SETTING_KEYS) copySetting(to, from, k);
}

export interface PersistentState extends GlobalSettings {
  myid: string | null;
  currentEpoch: bigint;
  masters: MasterSpec[];
}

export { DEFAULT_DOWN_AFTER_MS, DEFAULT_FAILOVER_TIMEOUT_MS };

export function emptyPersistentState(): PersistentState {
  return {
    ...defaultGlobalSettings(),
    myid: null,
    currentEpoch: 0n,
    masters: [],
  };
}

export function newMasterSpec(name: string, host: string, port: number, quorum: number): MasterSpec {
  return {
    ...defaultSettings(),
    name,
    host,
    port,
    quorum,
    renamedCommands: [],
    configEpoch: 0n,
    leaderEpoch: 0n,
    knownReplicas: [],
    knownSentinels: [],
  };
}
