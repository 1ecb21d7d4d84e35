import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as tls from 'node:tls';
import type { TlsSettings } from '../config/generic-config';
import { fromBytes, toBytes } from '../core/bytes';

/** Node's TLS options for both directions, built once at start-up from the tls-* directives. */
export interface TlsContexts {
  /** for the tls-port listener */
  server: tls.TlsOptions;
  /** for outgoing links when tls-replication is on */
  client: tls.ConnectionOptions;
  authClients: TlsSettings['authClients'];
}

/** Redis configures TLS only when something uses it (its initServer condition). */
export function tlsWanted(t: TlsSettings): boolean {
  return t.port !== 0 || t.replication || t.cluster;
}

/**
 * The checks Redis's tlsConfigure makes before touching any file, with its
 * words; null when the settings are complete. Pure, so it is unit-testable.
 */
export function tlsSettingsError(t: TlsSettings): string | null {
  if (t.certFile === null || t.certFile === '') return 'No tls-cert-file configured!';
  if (t.keyFile === null || t.keyFile === '') return 'No tls-key-file configured!';
  const caNeeded = t.authClients !== 'no' || t.cluster || t.replication;
  if (caNeeded && !t.caCertFile && !t.caCertDir) {
    return 'Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, tls-replication or tls-auth-clients are enabled!';
  }
  return null;
}

type Protocol = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
const PROTOCOL_ORDER: Protocol[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** `tls-protocols "TLSv1.2 TLSv1.3"` → node's min/max versions (node cannot express gaps). */
function protocolRange(spec: string | null): { minVersion?: tls.SecureVersion; maxVersion?: tls.SecureVersion } | string {
  if (spec === null || spec.trim() === '') return {};
  const idx: number[] = [];
  for (const word of spec.split(/\s+/).filter((w) => w !== '')) {
    const i = PROTOCOL_ORDER.findIndex((p) => p.toLowerCase() === word.toLowerCase());
    if (i < 0) return `Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.`;
    idx.push(i);
  }
  return { minVersion: PROTOCOL_ORDER[Math.min(...idx)], maxVersion: PROTOCOL_ORDER[Math.max(...idx)] };
}

/** The CA bundle: the file, plus every PEM certificate found in the directory (node has no CApath). */
function readCa(t: TlsSettings): Buffer[] {
  const out: Buffer[] = [];
  if (t.caCertFile) out.push(fs.readFileSync(toBytes(t.caCertFile)));
  if (t.caCertDir) {
    for (const name of fs.readdirSync(toBytes(t.caCertDir), { encoding: 'buffer' }).map((b) => fromBytes(b))) {
      const full = path.join(t.caCertDir, name);
      if (!fs.statSync(toBytes(full)).isFile()) continue;
      const data = fs.readFileSync(toBytes(full));
      if (data.includes('-----BEGIN CERTIFICATE-----')) out.push(data);
    }
  }
  return out;
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Reads the certificate files. Returns the contexts, or the lines Redis would
 * log before "Failed to configure TLS" (the caller logs and exits).
 */
export function loadTlsContexts(t: TlsSettings): TlsContexts | { errors: string[] } {
  const bad = tlsSettingsError(t);
  if (bad !== null) return { errors: [bad] };
  const certFile = t.certFile ?? '';
  const keyFile = t.keyFile ?? '';
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = fs.readFileSync(toBytes(certFile));
  } catch (e) {
    return { errors: [`Failed to load certificate: ${certFile}: ${errText(e)}`] };
  }
  try {
    key = fs.readFileSync(toBytes(keyFile));
  } catch (e) {
    return { errors: [`Failed to load private key: ${keyFile}: ${errText(e)}`] };
  }
  let clientCert = cert;
  let clientKey = key;
  let clientPass = t.keyFilePass;
  let clientKeyPath = keyFile;
  // Redis uses the client pair only when both files are given.
  if (t.clientCertFile && t.clientKeyFile) {
    try {
      clientCert = fs.readFileSync(toBytes(t.clientCertFile));
    } catch (e) {
      return { errors: [`Failed to load certificate: ${t.clientCertFile}: ${errText(e)}`] };
    }
    try {
      clientKey = fs.readFileSync(toBytes(t.clientKeyFile));
    } catch (e) {
      return { errors: [`Failed to load private key: ${t.clientKeyFile}: ${errText(e)}`] };
    }
    clientPass = t.clientKeyFilePass;
    clientKeyPath = t.clientKeyFile;
  }
  let ca: Buffer[];
  try {
    ca = readCa(t);
  } catch (e) {
    return { errors: [`Failed to configure CA certificate(s) file/directory: ${errText(e)}`] };
  }
  const range = protocolRange(t.protocols);
  if (typeof range === 'string') return { errors: [range] };
  let dhparam: Buffer | undefined;
  if (t.dhParamsFile) {
    try {
      dhparam = fs.readFileSync(toBytes(t.dhParamsFile));
    } catch (e) {
      return { errors: [`Failed to load ${t.dhParamsFile}: ${errText(e)}`] };
    }
  }
  const common = {
    ...range,
    ...(ca.length > 0 ? { ca } : {}),
    ...(t.ciphers ? { ciphers: t.ciphers } : {}),
  };
  const server: tls.TlsOptions = {
    ...common,
    cert,
    key,
    ...(t.keyFilePass !== null ? { passphrase: t.keyFilePass } : {}),
    ...(dhparam ? { dhparam } : {}),
    honorCipherOrder: t.preferServerCiphers,
    // 'optional' asks for a certificate but lets clients without one in; a
    // presented certificate that does not verify is refused by the listener.
    requestCert: t.authClients !== 'no',
    rejectUnauthorized: t.authClients === 'yes',
  };
  const client: tls.ConnectionOptions = {
    ...common,
    cert: clientCert,
    key: clientKey,
    ...(clientPass !== null ? { passphrase: clientPass } : {}),
    rejectUnauthorized: true,
    // Redis verifies the peer's chain against the CA but never its host name.
    checkServerIdentity: () => undefined,
  };
  // Fail now, like Redis, when a key or passphrase is unusable rather than at the first connection.
  // node:tls is required here, where TLS is configured, not at start: it costs start-up time and memory.
  const { createSecureContext } = require('node:tls') as typeof tls;
  try {
    createSecureContext(server);
  } catch (e) {
    return { errors: [`Failed to load private key: ${keyFile}: ${errText(e)}`] };
  }
  try {
    createSecureContext(client);
  } catch (e) {
    return { errors: [`Failed to load private key: ${clientKeyPath}: ${errText(e)}`] };
  }
  return { server, client, authClients: t.authClients };
}
