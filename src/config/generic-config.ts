/**
 * The generic (non-`sentinel`) settings the daemon acts on, read from the
 * directive values after the whole file and command line were applied.
 */
import type { Verbosity } from '../core/output';
import type { Surface } from '../core/surfaces';
import { DEFAULT_RELEASE, isSurface } from '../core/surfaces';
import { VERBOSITIES } from '../core/global-params';
import type { DirectiveValues, ObufLimit } from './directives/values';
import { lookupDirective } from './directives/table';
import { enumName } from './directives/render';
import type { UserDecl } from './user-lines';

export interface TlsSettings {
  port: number;
  certFile: string | null;
  keyFile: string | null;
  keyFilePass: string | null;
  clientCertFile: string | null;
  clientKeyFile: string | null;
  clientKeyFilePass: string | null;
  dhParamsFile: string | null;
  caCertFile: string | null;
  caCertDir: string | null;
  authClients: 'no' | 'yes' | 'optional';
  replication: boolean;
  cluster: boolean;
  protocols: string | null;
  ciphers: string | null;
  ciphersuites: string | null;
  preferServerCiphers: boolean;
  sessionCaching: boolean;
  sessionCacheSize: number;
  sessionCacheTimeout: number;
}

/** Things read from lines that are not table directives. */
export interface GenericExtras {
  /** `rename-command` pairs in file order: lower-cased command, new name (`""` removes it) */
  renameCommands: Array<[string, string]>;
  users: UserDecl[];
  loadmodules: string[][];
  /** resolved paths of the files pulled in by `include` */
  includes: string[];
}

export interface GenericConfig extends GenericExtras {
  port: number;
  bind: string[];
  bindSourceAddr: string | null;
  protectedMode: boolean;
  daemonize: boolean;
  supervised: string;
  pidfile: string | null;
  /** `""` means stdout */
  logfile: string;
  loglevel: Verbosity;
  syslogEnabled: boolean;
  syslogIdent: string;
  syslogFacility: string;
  /** absolute directory the caller must chdir into, null when the file has no `dir` */
  dir: string | null;
  requirepass: string | null;
  unixsocket: string | null;
  unixsocketperm: number;
  maxclients: number;
  hz: number;
  tcpBacklog: number;
  timeout: number;
  tcpKeepalive: number;
  aclfile: string | null;
  acllogMaxLen: number;
  aclPubsubDefault: 'allchannels' | 'resetchannels';
  latencyTrackingInfoPercentiles: number[];
  alwaysShowLogo: boolean;
  setProcTitle: boolean;
  procTitleTemplate: string;
  crashLogEnabled: boolean;
  shutdownOnSigterm: string;
  shutdownOnSigint: string;
  pubsubOutputBufferLimit: ObufLimit;
  tls: TlsSettings;
  /** `compat-release` (ours): whose answer where the served releases disagree */
  compatRelease: Surface;
  /** the operations HTTP endpoint (ours); 0: off */
  httpPort: number;
  httpBind: string;
  /** every directive's current value: what the rewriter writes back */
  values: DirectiveValues;
}

function bool(v: DirectiveValues, name: string): boolean {
  const spec = lookupDirective(name);
  return v.bools.get(name) ?? (spec?.type === 'bool' ? spec.def : false);
}

function str(v: DirectiveValues, name: string): string | null {
  if (v.strings.has(name)) return v.strings.get(name) ?? null;
  const spec = lookupDirective(name);
  return spec?.type === 'string' ? spec.def : null;
}

function num(v: DirectiveValues, name: string): number {
  const spec = lookupDirective(name);
  return Number(v.numbers.get(name) ?? (spec?.type === 'number' ? spec.def : 0n));
}

function enumText(v: DirectiveValues, name: string): string {
  const spec = lookupDirective(name);
  if (spec?.type !== 'enum') return '';
  return enumName(spec, v.enums.get(name) ?? spec.def);
}

function isVerbosity(s: string): s is Verbosity {
  return (VERBOSITIES as readonly string[]).includes(s);
}

/** Records a loglevel changed at run time (SENTINEL CONFIG SET), for the next rewrite to write. */
export function setLoglevel(g: GenericConfig, level: Verbosity): void {
  const spec = lookupDirective('loglevel');
  const item = spec?.type === 'enum' ? spec.items.find((i) => i.name === level) : undefined;
  if (item === undefined) throw new Error(`loglevel '${level}' is not in the directive table`);
  g.values.enums.set('loglevel', item.value);
  g.loglevel = level;
}

function isAuthClients(s: string): s is TlsSettings['authClients'] {
  return s === 'no' || s === 'yes' || s === 'optional';
}

export function materialize(v: DirectiveValues, extras: GenericExtras): GenericConfig {
  const loglevel = enumText(v, 'loglevel');
  const authClients = enumText(v, 'tls-auth-clients');
  const aclfile = str(v, 'aclfile');
  const release = enumText(v, 'compat-release');
  return {
    ...extras,
    port: num(v, 'port'),
    compatRelease: isSurface(release) ? release : DEFAULT_RELEASE,
    httpPort: num(v, 'http-port'),
    httpBind: str(v, 'http-bind') ?? '127.0.0.1',
    bind: [...v.bind],
    bindSourceAddr: str(v, 'bind-source-addr'),
    protectedMode: bool(v, 'protected-mode'),
    daemonize: bool(v, 'daemonize'),
    supervised: enumText(v, 'supervised'),
    pidfile: str(v, 'pidfile'),
    logfile: str(v, 'logfile') ?? '',
    loglevel: isVerbosity(loglevel) ? loglevel : 'notice',
    syslogEnabled: bool(v, 'syslog-enabled'),
    syslogIdent: str(v, 'syslog-ident') ?? 'redis',
    syslogFacility: enumText(v, 'syslog-facility'),
    dir: v.dir,
    requirepass: str(v, 'requirepass'),
    unixsocket: str(v, 'unixsocket'),
    unixsocketperm: num(v, 'unixsocketperm'),
    maxclients: num(v, 'maxclients'),
    hz: num(v, 'hz'),
    tcpBacklog: num(v, 'tcp-backlog'),
    timeout: num(v, 'timeout'),
    tcpKeepalive: num(v, 'tcp-keepalive'),
    aclfile: aclfile === '' ? null : aclfile,
    acllogMaxLen: num(v, 'acllog-max-len'),
    aclPubsubDefault: enumText(v, 'acl-pubsub-default') === 'allchannels' ? 'allchannels' : 'resetchannels',
    latencyTrackingInfoPercentiles: [...v.percentiles],
    alwaysShowLogo: bool(v, 'always-show-logo'),
    setProcTitle: bool(v, 'set-proc-title'),
    procTitleTemplate: str(v, 'proc-title-template') ?? '',
    crashLogEnabled: bool(v, 'crash-log-enabled'),
    shutdownOnSigterm: enumText(v, 'shutdown-on-sigterm'),
    shutdownOnSigint: enumText(v, 'shutdown-on-sigint'),
    pubsubOutputBufferLimit: { ...(v.obuf[2] ?? { hard: 0n, soft: 0n, seconds: 0n }) },
    tls: {
      port: num(v, 'tls-port'),
      certFile: str(v, 'tls-cert-file'),
      keyFile: str(v, 'tls-key-file'),
      keyFilePass: str(v, 'tls-key-file-pass'),
      clientCertFile: str(v, 'tls-client-cert-file'),
      clientKeyFile: str(v, 'tls-client-key-file'),
      clientKeyFilePass: str(v, 'tls-client-key-file-pass'),
      dhParamsFile: str(v, 'tls-dh-params-file'),
      caCertFile: str(v, 'tls-ca-cert-file'),
      caCertDir: str(v, 'tls-ca-cert-dir'),
      authClients: isAuthClients(authClients) ? authClients : 'yes',
      replication: bool(v, 'tls-replication'),
      cluster: bool(v, 'tls-cluster'),
      protocols: str(v, 'tls-protocols'),
      ciphers: str(v, 'tls-ciphers'),
      ciphersuites: str(v, 'tls-ciphersuites'),
      preferServerCiphers: bool(v, 'tls-prefer-server-ciphers'),
      sessionCaching: bool(v, 'tls-session-caching'),
      sessionCacheSize: num(v, 'tls-session-cache-size'),
      sessionCacheTimeout: num(v, 'tls-session-cache-timeout'),
    },
    values: v,
  };
}
