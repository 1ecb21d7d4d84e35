import { describe, expect, it } from 'vitest';
import type { TlsSettings } from '../../src/config/generic-config';
import { tlsSettingsError, tlsWanted } from '../../src/server/tls-config';

function settings(over: Partial<TlsSettings> = {}): TlsSettings {
  return {
    port: 0,
    certFile: null,
    keyFile: null,
    keyFilePass: null,
    clientCertFile: null,
    clientKeyFile: null,
    clientKeyFilePass: null,
    dhParamsFile: null,
    caCertFile: null,
    caCertDir: null,
    authClients: 'yes',
    replication: false,
    cluster: false,
    protocols: null,
    ciphers: null,
    ciphersuites: null,
    preferServerCiphers: false,
    sessionCaching: true,
    sessionCacheSize: 20480,
    sessionCacheTimeout: 300,
    ...over,
  };
}

const NO_CA = 'Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, tls-replication or tls-auth-clients are enabled!';

describe('tls settings (spec §9.6)', () => {
  it('is wanted only for tls-port, tls-replication or tls-cluster', () => {
    expect(tlsWanted(settings())).toBe(false);
    expect(tlsWanted(settings({ certFile: 'c' }))).toBe(false);
    expect(tlsWanted(settings({ port: 1 }))).toBe(true);
    expect(tlsWanted(settings({ replication: true }))).toBe(true);
    expect(tlsWanted(settings({ cluster: true }))).toBe(true);
  });

  it('checks cert, key, then the CA, in Redis order', () => {
    expect(tlsSettingsError(settings({ port: 1 }))).toBe('No tls-cert-file configured!');
    expect(tlsSettingsError(settings({ port: 1, certFile: 'c' }))).toBe('No tls-key-file configured!');
    expect(tlsSettingsError(settings({ port: 1, certFile: 'c', keyFile: 'k' }))).toBe(NO_CA);
    expect(tlsSettingsError(settings({ port: 1, certFile: 'c', keyFile: 'k', authClients: 'no' }))).toBeNull();
    expect(tlsSettingsError(settings({ port: 1, certFile: 'c', keyFile: 'k', authClients: 'no', replication: true }))).toBe(NO_CA);
    expect(tlsSettingsError(settings({ port: 1, certFile: 'c', keyFile: 'k', caCertDir: 'd' }))).toBeNull();
    expect(tlsSettingsError(settings({ port: 1, certFile: 'c', keyFile: 'k', caCertFile: 'f' }))).toBeNull();
  });
});
