import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * An Arrowhead-style PKI made at test time: a CA, then certificates whose subject CN is
 * `<system>.<cloud>.<org>.arrowhead.eu` with the profile code in dnQualifier (OID 2.5.4.46).
 */
export interface Credential {
  certPem: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
}

export class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'ah-pki-'));
  readonly caFile: string;
  readonly caPem: string;
  private readonly caKeys = forge.pki.rsa.generateKeyPair(2048);
  private readonly caCert: forge.pki.Certificate;
  private serial = 1;

  constructor(readonly name = 'TestCloud') {
    this.caCert = forge.pki.createCertificate();
    this.caCert.publicKey = this.caKeys.publicKey;
    this.caCert.serialNumber = '01';
    this.caCert.validity.notBefore = new Date(Date.now() - 60_000);
    this.caCert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
    const subject = [{ name: 'commonName', value: `${name}.Company.arrowhead.eu` }];
    this.caCert.setSubject(subject);
    this.caCert.setIssuer(subject);
    this.caCert.setExtensions([{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }]);
    this.caCert.sign(this.caKeys.privateKey, forge.md.sha256.create());
    this.caPem = forge.pki.certificateToPem(this.caCert);
    this.caFile = join(this.dir, 'ca.pem');
    writeFileSync(this.caFile, this.caPem);
  }

  /** A certificate for `commonName` with profile `profile` (sy, op, de, …), for 127.0.0.1/localhost. */
  issue(fileName: string, commonName: string, profile: string | null, issuer: TestPki = this): Credential {
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = (++issuer.serial).toString(16).padStart(2, '0');
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
    const subject: forge.pki.CertificateField[] = [{ name: 'commonName', value: commonName }];
    if (profile !== null) subject.push({ type: '2.5.4.46', value: profile });
    cert.setSubject(subject);
    cert.setIssuer(issuer.caCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ]);
    cert.sign(issuer.caKeys.privateKey, forge.md.sha256.create());
    const certPem = forge.pki.certificateToPem(cert);
    const keyPem = forge.pki.privateKeyToPem(keys.privateKey);
    const certFile = join(this.dir, `${fileName}.crt`);
    const keyFile = join(this.dir, `${fileName}.key`);
    writeFileSync(certFile, certPem);
    writeFileSync(keyFile, keyPem);
    return { certPem, keyPem, certFile, keyFile };
  }

  /** The service's own TLS settings: `credential` as its certificate, this PKI's CA as trusted. */
  serviceTlsEnv(credential: Credential): Record<string, string> {
    return { TLS_ENABLED: 'true', TLS_KEY_FILE: credential.keyFile, TLS_CERT_FILE: credential.certFile, TLS_CA_FILE: this.caFile };
  }
}
