import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * A root CA, an intermediate ("cloud") CA under it and certificates issued by the intermediate,
 * plus PKCS12 key and trust stores made the way Java and OpenSSL 3 make them (PBES2 with
 * PBKDF2-HMAC-SHA256 and AES-256-CBC, SHA-256 MAC), with the `openssl` command.
 */
export interface Issued {
  certPem: string;
  keyPem: string;
}

function rsaKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  // Node makes the key (fast); node-forge signs the certificates.
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const privateKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey, publicKey: forge.pki.setRsaPublicKey(privateKey.n, privateKey.e), pem };
}

export class Pkcs12Pki {
  readonly dir = mkdtempSync(join(tmpdir(), 'ah-p12-'));
  readonly root: Issued;
  readonly intermediate: Issued;
  private readonly rootKeys = rsaKeys();
  private readonly intermediateKeys = rsaKeys();
  private readonly rootCert: forge.pki.Certificate;
  private readonly intermediateCert: forge.pki.Certificate;
  private serial = 10;

  constructor() {
    this.rootCert = this.sign(this.rootKeys.publicKey, [{ name: 'commonName', value: 'Root.arrowhead.eu' }], null, true);
    this.root = { certPem: forge.pki.certificateToPem(this.rootCert), keyPem: this.rootKeys.pem };
    this.intermediateCert = this.sign(this.intermediateKeys.publicKey, [{ name: 'commonName', value: 'TestCloud.Company.arrowhead.eu' }], this.rootCert, true, this.rootKeys.privateKey);
    this.intermediate = { certPem: forge.pki.certificateToPem(this.intermediateCert), keyPem: this.intermediateKeys.pem };
  }

  /** A certificate issued by the intermediate; `hosts` become its SANs (none: no SAN at all). */
  issue(commonName: string, hosts: string[] = ['localhost', '127.0.0.1'], profile = 'sy'): Issued {
    const keys = rsaKeys();
    const cert = this.sign(
      keys.publicKey,
      [
        { name: 'commonName', value: commonName },
        { type: '2.5.4.46', value: profile },
      ],
      this.intermediateCert,
      false,
      this.intermediateKeys.privateKey,
      hosts,
    );
    return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
  }

  /** Writes `text` to a file in this PKI's folder and returns its path. */
  file(name: string, text: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, text);
    return path;
  }

  /** A key store holding `issued` with its chain (intermediate, not the root) under `alias`. */
  keyStore(name: string, issued: Issued, alias: string, password: string): string {
    const path = join(this.dir, name);
    openssl([
      'pkcs12', '-export',
      '-in', this.file(`${name}.chain.pem`, issued.certPem + this.intermediate.certPem),
      '-inkey', this.file(`${name}.key.pem`, issued.keyPem),
      '-name', alias,
      '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256',
      '-passout', `pass:${password}`,
      '-out', path,
    ]);
    return path;
  }

  /** A trust store holding certificates only (every one an anchor). */
  trustStore(name: string, certificatePems: string[], password: string): string {
    const path = join(this.dir, name);
    openssl([
      'pkcs12', '-export', '-nokeys',
      '-in', this.file(`${name}.pem`, certificatePems.join('')),
      '-certpbe', 'AES-256-CBC', '-macalg', 'sha256',
      '-passout', `pass:${password}`,
      '-out', path,
    ]);
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private sign(
    publicKey: forge.pki.PublicKey,
    subject: forge.pki.CertificateField[],
    issuer: forge.pki.Certificate | null,
    ca: boolean,
    issuerKey: forge.pki.rsa.PrivateKey = this.rootKeys.privateKey,
    hosts: string[] = [],
  ): forge.pki.Certificate {
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = (++this.serial).toString(16).padStart(2, '0');
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
    cert.setSubject(subject);
    cert.setIssuer(issuer ? issuer.subject.attributes : subject);
    const extensions: object[] = ca
      ? [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
        ];
    if (hosts.length > 0) {
      extensions.push({ name: 'subjectAltName', altNames: hosts.map((host) => (/^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host })) });
    }
    cert.setExtensions(extensions);
    cert.sign(issuerKey, forge.md.sha256.create());
    return cert;
  }
}

export function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
