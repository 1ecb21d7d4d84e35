import { normalizeIpLiteral } from './ip-literal';
import { asciiLower } from './bytes';

/**
 * Instance addresses with hostname support.
 *
 * Every address is kept as (host as given, resolved ip, port). Resolving a
 * name is DNS, i.e. I/O, so the core never does it: it keeps a cache of the
 * answers the shell fed it (`SentinelCore.resolved`) and, when it meets a
 * name it has no answer for, emits a `resolve` output and carries on with an
 * empty ip. The answer updates every instance with that name, and rules that
 * could not act without it (replica discovery) are retried then. This keeps
 * decisions deterministic: the same inputs, DNS answers included, give the
 * same outputs. The shell connects to the resolved ip when there is one, and
 * otherwise to the name (the socket layer resolves it on its own).
 *
 * IP literals resolve to themselves, printed the way inet_ntop prints them,
 * with no DNS and no output, so plain-IP setups behave exactly as before.
 */

export interface Address {
  /** as given by the user, the config file, an INFO reply or a hello */
  host: string;
  /** resolved IP; '' while a name is not resolved yet */
  ip: string;
  port: number;
}

/** The printed IP for an IP literal, null for anything else (a hostname). */
export function ipLiteral(host: string): string | null {
  return normalizeIpLiteral(host);
}

/**
 * What is shown and sent for an address: the hostname when
 * announce-hostnames is on, the IP otherwise. An address whose name was
 * never resolved has no IP to show, so its name is shown instead.
 */
export function announcedHost(a: { host: string; ip: string }, announceHostnames: boolean): string {
  if (announceHostnames || a.ip === '') return a.host;
  return a.ip;
}

/**
 * Two addresses are the same instance when the ports match and either the
 * IPs match (two names for one machine) or the names match regardless of
 * case (a name that could not be resolved yet still identifies it).
 */
export function sameAddress(a: Address, b: Address): boolean {
  if (a.port !== b.port) return false;
  if (a.ip !== '' && a.ip === b.ip) return true;
  return asciiLower(a.host) === asciiLower(b.host);
}

/**
 * Does `host` (as reported by an instance, e.g. master_host in INFO) denote
 * address `a`? `ip` is what `host` resolves to, or null when that is unknown:
 * then the best effort is comparing names (or, without resolve-hostnames,
 * the IP, which is all such an address has).
 */
export function addressMatchesHost(a: { host: string; ip: string }, host: string, ip: string | null, resolveHostnames: boolean): boolean {
  if (ip !== null) return asciiLower(a.ip) === asciiLower(ip);
  const mine = resolveHostnames ? a.host : a.ip;
  return asciiLower(mine) === asciiLower(host);
}
