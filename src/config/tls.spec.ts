import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { Pkcs12Pki, openssl } from '../../test/support/pkcs12';
import { AppConfig } from './app-config';
import { loadTlsMaterial, mqttClientTlsOptions } from './tls';

// SPEC-cloud.md §9.3: TLS from PKCS12 key and trust stores as an alternative to PEM files.
describe('loadTlsMaterial', () => {
  const pki = new Pkcs12Pki();
  const own = pki.issue('SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu');
  const alias = 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu';
  const keyStore = pki.keyStore('orch.p12', own, alias, '123456');
  const trustStore = pki.trustStore('truststore.p12', [pki.intermediate.certPem], '654321');
  afterAll(() => pki.remove());

  function tls(overrides: Partial<AppConfig['tls']>): AppConfig['tls'] {
    return { enabled: true, clientAuth: 'none', disableHostnameVerifier: false, ...overrides };
  }

  function problems(overrides: Partial<AppConfig['tls']>): string {
    try {
      loadTlsMaterial(tls(overrides));
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('accepted');
  }

  it('is made the Java way: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC, SHA-256 MAC', () => {
    const info = openssl(['pkcs12', '-info', '-noout', '-in', keyStore, '-passin', 'pass:123456']) + execStderr(keyStore);
    expect(info).toMatch(/MAC: sha256/);
    expect(info).toMatch(/PBES2, PBKDF2, AES-256-CBC.*hmacWithSHA256/);
  });

  it.each([alias, alias.toLowerCase(), alias.toUpperCase(), undefined])('finds the key entry for alias %j (case ignored; none: the only one) with its whole chain', (wanted) => {
    const material = loadTlsMaterial(tls({ keystore: { path: keyStore, password: '123456', alias: wanted }, truststore: { path: trustStore, password: '654321' } }))!;
    expect(material.certificate.subject).toContain(`CN=${alias}`);
    const chain = material.cert.match(/-----BEGIN CERTIFICATE-----/g);
    expect(chain).toHaveLength(2);
    expect(new X509Certificate(material.cert).fingerprint256).toBe(new X509Certificate(own.certPem).fingerprint256);
    expect(material.certificate.checkPrivateKey(require('node:crypto').createPrivateKey(material.key))).toBe(true);
    expect(material.ca).toHaveLength(1);
    expect(new X509Certificate(material.ca![0]).subject).toContain('CN=TestCloud.Company.arrowhead.eu');
  });

  it('reads legacy stores too (node-forge: 3DES bags, SHA-1 MAC)', () => {
    const key = forge.pki.privateKeyFromPem(own.keyPem);
    const asn1 = forge.pkcs12.toPkcs12Asn1(key, [forge.pki.certificateFromPem(own.certPem), forge.pki.certificateFromPem(pki.intermediate.certPem)], 'pw', {
      algorithm: '3des',
      friendlyName: 'Legacy',
    });
    const path = pki.file('legacy.p12', '');
    require('node:fs').writeFileSync(path, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
    const material = loadTlsMaterial(tls({ keystore: { path, password: 'pw', alias: 'legacy' } }))!;
    expect(material.cert.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(material.ca).toBeUndefined();
  });

  it('opens a key entry with its own password (TLS_KEY_PASSWORD), as Java allows', () => {
    // node-forge writes one password everywhere; the key bag is given another one here.
    const encrypt = forge.pki.encryptPrivateKeyInfo;
    forge.pki.encryptPrivateKeyInfo = (info, _password, options) => encrypt(info, 'key-secret', options);
    let asn1: forge.asn1.Asn1;
    try {
      asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(own.keyPem), [forge.pki.certificateFromPem(own.certPem)], 'store-secret', { algorithm: 'aes256' });
    } finally {
      forge.pki.encryptPrivateKeyInfo = encrypt;
    }
    const path = pki.file('two-passwords.p12', '');
    require('node:fs').writeFileSync(path, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
    expect(loadTlsMaterial(tls({ keystore: { path, password: 'store-secret', keyPassword: 'key-secret' } }))!.certificate.subject).toContain(`CN=${alias}`);
    expect(problems({ keystore: { path, password: 'store-secret' } })).toContain('cannot be opened as a PKCS12 store');
  });

  it('reads a store with an EC key (which node-forge itself cannot parse)', () => {
    const keyFile = pki.file('ec.key', '');
    const certFile = pki.file('ec.crt', '');
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=ec.example', '-days', '1', '-keyout', keyFile, '-out', certFile]);
    const path = pki.file('ec.p12', '');
    openssl(['pkcs12', '-export', '-in', certFile, '-inkey', keyFile, '-name', 'EC', '-passout', 'pass:pw', '-out', path]);
    const material = loadTlsMaterial(tls({ keystore: { path, password: 'pw' } }))!;
    expect(material.certificate.subject).toBe('CN=ec.example');
  });

  it.each([
    [{ alias: 'SomethingElse' }, 'Cannot find server certificate in the specified key store'],
    [{ password: 'wrong' }, `TLS_KEYSTORE=${JSON.stringify(keyStore)}: cannot be opened as a PKCS12 store (wrong password, or not PKCS12`],
    [{ keyPassword: 'wrong' }, `TLS_KEYSTORE=${JSON.stringify(keyStore)}: cannot be opened as a PKCS12 store`],
    [{ path: '/nonexistent/orch.p12' }, 'TLS_KEYSTORE="/nonexistent/orch.p12": cannot be read (ENOENT)'],
  ])('refuses a key store with %j: %s', (change, message) => {
    expect(problems({ keystore: { path: keyStore, password: '123456', alias, ...change } })).toContain(message);
  });

  it('refuses a trust store that is not PKCS12', () => {
    const pem = pki.file('ca.pem', pki.root.certPem);
    expect(problems({ keystore: { path: keyStore, password: '123456' }, truststore: { path: pem, password: 'pw' } })).toContain(
      `TLS_TRUSTSTORE=${JSON.stringify(pem)}: cannot be opened as a PKCS12 store`,
    );
  });

  it('lists a bad key store and a bad trust store at once', () => {
    const message = problems({ keystore: { path: keyStore, password: 'wrong' }, truststore: { path: trustStore, password: 'wrong' } });
    expect(message).toMatch(/^Invalid configuration:\n  - TLS_KEYSTORE=.*\n  - TLS_TRUSTSTORE=/);
  });

  it('reads PEM files as before, every certificate of TLS_CA_FILE an anchor', () => {
    const material = loadTlsMaterial(
      tls({
        keyFile: pki.file('own.key', own.keyPem),
        certFile: pki.file('own.crt', own.certPem),
        caFile: pki.file('cas.pem', pki.root.certPem + pki.intermediate.certPem),
      }),
    )!;
    expect(material.ca).toHaveLength(2);
    expect(material.certificate.subject).toContain(`CN=${alias}`);
  });

  it('refuses a TLS_CA_FILE without certificates', () => {
    const caFile = pki.file('no-ca.pem', own.keyPem);
    expect(problems({ keystore: { path: keyStore, password: '123456' }, caFile })).toContain(`TLS_CA_FILE=${JSON.stringify(caFile)}: holds no PEM certificate`);
  });

  it('refuses PEM files that are not a certificate and its key', () => {
    const other = pki.issue('Other.TestCloud.Company.arrowhead.eu');
    const certFile = pki.file('own-cert.pem', own.certPem);
    expect(problems({ keyFile: pki.file('other.key', other.keyPem), certFile })).toContain('TLS_KEY_FILE is not the key of the certificate in TLS_CERT_FILE');
    expect(problems({ keyFile: certFile, certFile })).toContain('not an unencrypted PEM private key');
    expect(problems({ keyFile: certFile, certFile: pki.file('garbage.pem', 'garbage') })).toContain('not a PEM certificate');
  });

  it('loads nothing with TLS off', () => {
    expect(loadTlsMaterial({ enabled: false, clientAuth: 'none', disableHostnameVerifier: false, keystore: { path: '/none', password: 'x' } })).toBeUndefined();
  });

  it('gives the MQTT client the MQTT_* files where set, else this system’s identity and anchors', () => {
    const material = loadTlsMaterial(tls({ keystore: { path: keyStore, password: '123456' }, truststore: { path: trustStore, password: '654321' } }))!;
    const mqtt = { enabled: true, embeddedPort: 0, clientId: 'c', rejectUnauthorized: true } as AppConfig['mqtt'];
    expect(mqttClientTlsOptions(mqtt, material, false)).toEqual({ key: material.key, cert: material.cert, ca: material.ca, allowPartialTrustChain: true });
    const caFile = pki.file('broker-ca.pem', pki.root.certPem);
    expect(mqttClientTlsOptions({ ...mqtt, caFile }, material, false).ca).toEqual([pki.root.certPem.trim() + '\n']);
    expect(mqttClientTlsOptions(mqtt, undefined, false)).toEqual({ key: undefined, cert: undefined });
  });
});

/** `openssl pkcs12 -info` writes the algorithms to stderr. */
function execStderr(store: string): string {
  const result = require('node:child_process').spawnSync('openssl', ['pkcs12', '-info', '-noout', '-in', store, '-passin', 'pass:123456'], { encoding: 'utf8' });
  return String(result.stderr);
}
