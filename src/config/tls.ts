import { KeyObject, X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server as TlsServer, TlsOptions } from 'node:tls';
import type * as Forge from 'node-forge';
import { AppConfig, ConfigurationError } from './app-config';

/** Injection token of the TlsMaterial (null when TLS is off). */
export const TLS_MATERIAL = Symbol('TLS_MATERIAL');

/**
 * This system's TLS identity and trust anchors, loaded once at start-up from the PEM files or the
 * PKCS12 stores (SPEC-cloud.md §9.3) and used alike by HTTPS, the embedded MQTTS broker, outgoing
 * HTTPS and the MQTT client.
 */
export interface TlsMaterial {
  /** PEM private key. */
  key: string;
  /** PEM chain: this system's certificate first, then its issuers as far as known. */
  cert: string;
  /** This system's certificate. */
  certificate: X509Certificate;
  /** PEM trust anchors; undefined: Node's default CAs. */
  ca?: string[];
}

/** TLS options of a client connection (outgoing HTTPS, the MQTT client). */
export interface ClientTls {
  key?: string;
  cert?: string;
  ca?: string[];
  allowPartialTrustChain?: boolean;
}

interface StoreEntry {
  friendlyName?: string;
  localKeyId?: string;
}

interface KeyStoreContent {
  keys: (StoreEntry & { pem: string })[];
  certificates: (StoreEntry & { certificate: X509Certificate })[];
}

/** node-forge is needed for PKCS12 stores only; a deployment with PEM files does not load it. */
function loadForge(): typeof Forge {
  return require('node-forge');
}

function toPem(forge: typeof Forge, label: string, der: string): string {
  return forge.pem.encode({ type: label, body: der });
}

function attributesOf(forge: typeof Forge, bag: Forge.pkcs12.Bag): StoreEntry {
  const localKeyId = bag.attributes?.localKeyId?.[0] as string | undefined;
  return { friendlyName: bag.attributes?.friendlyName?.[0] as string | undefined, localKeyId: localKeyId ? forge.util.bytesToHex(localKeyId) : undefined };
}

/**
 * Reads a PKCS12 file: node-forge verifies its MAC and decrypts its bags (PBES2 with
 * PBKDF2-HMAC-SHA256 and AES-256-CBC, as Java and OpenSSL 3 write them, or the legacy PBES1 ones).
 */
function readPkcs12(variable: string, path: string, password: string, keyPassword = password): KeyStoreContent {
  let der: Buffer;
  try {
    der = readFileSync(path);
  } catch (error) {
    throw new ConfigurationError(`${variable}=${JSON.stringify(path)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const forge = loadForge();
  let store: Forge.pkcs12.Pkcs12Pfx;
  // node-forge decrypts key bags with the store password; a Java key may have its own (key-password).
  const decrypt = forge.pki.decryptPrivateKeyInfo;
  if (keyPassword !== password) forge.pki.decryptPrivateKeyInfo = (info, _password) => decrypt(info, keyPassword);
  try {
    store = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), false), false, password);
  } catch (error) {
    throw new ConfigurationError(`${variable}=${JSON.stringify(path)}: cannot be opened as a PKCS12 store (wrong password, or not PKCS12: ${(error as Error).message})`);
  } finally {
    forge.pki.decryptPrivateKeyInfo = decrypt;
  }
  const content: KeyStoreContent = { keys: [], certificates: [] };
  for (const safe of store.safeContents) {
    for (const bag of safe.safeBags) {
      const raw = (bag as Forge.pkcs12.Bag & { asn1?: Forge.asn1.Asn1 }).asn1;
      if (bag.type === forge.pki.oids.certBag) {
        // node-forge reads RSA certificates only; others are passed on as ASN.1.
        const der = bag.cert ? forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert)).getBytes() : raw ? forge.asn1.toDer(raw).getBytes() : undefined;
        if (der) content.certificates.push({ ...attributesOf(forge, bag), certificate: new X509Certificate(Buffer.from(der, 'binary')) });
      } else if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
        const info = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : raw;
        if (info) content.keys.push({ ...attributesOf(forge, bag), pem: toPem(forge, 'PRIVATE KEY', forge.asn1.toDer(info).getBytes()) });
      }
    }
  }
  return content;
}

/** The certificate, then each issuer found among `pool` (the store's other certificates). */
function chainOf(certificate: X509Certificate, pool: X509Certificate[]): X509Certificate[] {
  const chain = [certificate];
  for (let current = certificate; chain.length <= pool.length; ) {
    // By name and signature, not checkIssued: the reference's certificates carry authority key
    // identifiers naming the wrong issuer serial, which OpenSSL's issuer check refuses and Java ignores.
    const issuer = pool.find((candidate) => !chain.includes(candidate) && candidate.subject === current.issuer && current.verify(candidate.publicKey));
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

/** The key entry named by `alias` (ignoring case), or the only one; its certificate and chain. */
function identityFromKeyStore(keystore: NonNullable<AppConfig['tls']['keystore']>): Pick<TlsMaterial, 'key' | 'cert' | 'certificate'> {
  const content = readPkcs12('TLS_KEYSTORE', keystore.path, keystore.password, keystore.keyPassword ?? keystore.password);
  const wanted = keystore.alias?.toLowerCase();
  const candidates = wanted === undefined ? content.keys : content.keys.filter((key) => key.friendlyName?.toLowerCase() === wanted);
  if (candidates.length === 0) throw new ConfigurationError('Cannot find server certificate in the specified key store');
  if (candidates.length > 1) {
    const names = candidates.map((key) => key.friendlyName ?? '(no alias)').join(', ');
    throw new ConfigurationError(`TLS_KEY_ALIAS is needed: the key store holds several keys (${names})`);
  }
  const [entry] = candidates;
  const privateKey = createPrivateKey(entry.pem);
  // The key's own certificate: same localKeyId (how Java and OpenSSL pair them), else the one with its public key.
  const matching =
    content.certificates.find((certificate) => entry.localKeyId !== undefined && certificate.localKeyId === entry.localKeyId) ??
    content.certificates.find((certificate) => certificate.certificate.checkPrivateKey(privateKey));
  if (!matching) throw new ConfigurationError('Cannot find server certificate in the specified key store');
  const chain = chainOf(
    matching.certificate,
    content.certificates.map((certificate) => certificate.certificate),
  );
  return { key: entry.pem, cert: chain.map((certificate) => certificate.toString()).join(''), certificate: matching.certificate };
}

function readPem(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`${variable}=${JSON.stringify(path)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Every certificate of a PEM bundle. */
function pemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*/g)?.map((block) => block.trim() + '\n') ?? [];
}

/**
 * Loads this system's TLS material, or undefined when TLS is off. Every problem with the files is
 * reported at once, as a ConfigurationError.
 */
export function loadTlsMaterial(tls: AppConfig['tls']): TlsMaterial | undefined {
  if (!tls.enabled) return undefined;
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const identity = attempt(() => {
    if (tls.keystore) return identityFromKeyStore(tls.keystore);
    const key = readPem('TLS_KEY_FILE', tls.keyFile!);
    const cert = readPem('TLS_CERT_FILE', tls.certFile!);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(cert);
    } catch (error) {
      throw new ConfigurationError(`TLS_CERT_FILE=${JSON.stringify(tls.certFile)}: not a PEM certificate (${(error as Error).message})`);
    }
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(key);
    } catch (error) {
      throw new ConfigurationError(`TLS_KEY_FILE=${JSON.stringify(tls.keyFile)}: not an unencrypted PEM private key (${(error as Error).message})`);
    }
    if (!certificate.checkPrivateKey(privateKey)) throw new ConfigurationError('TLS_KEY_FILE is not the key of the certificate in TLS_CERT_FILE');
    return { key, cert, certificate };
  });
  const ca = attempt(() => {
    if (tls.truststore) {
      // Java keeps anchors as trusted-certificate entries; every certificate in the store is one.
      const content = readPkcs12('TLS_TRUSTSTORE', tls.truststore.path, tls.truststore.password);
      if (content.certificates.length === 0) throw new ConfigurationError(`TLS_TRUSTSTORE=${JSON.stringify(tls.truststore.path)}: holds no certificate`);
      return content.certificates.map((entry) => entry.certificate.toString());
    }
    if (!tls.caFile) return undefined;
    const certificates = pemCertificates(readPem('TLS_CA_FILE', tls.caFile));
    if (certificates.length === 0) throw new ConfigurationError(`TLS_CA_FILE=${JSON.stringify(tls.caFile)}: holds no PEM certificate`);
    return certificates;
  });
  if (problems.length > 0 || !identity) {
    throw new ConfigurationError(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  }
  return { ...identity, ca };
}

/**
 * A configured anchor may be an intermediate, as the reference's trust store holds only the cloud
 * certificate: Java accepts a chain ending there, OpenSSL only with partial chains allowed.
 */
function anchors(ca: string[] | undefined): Pick<ClientTls, 'ca' | 'allowPartialTrustChain'> {
  return ca ? { ca, allowPartialTrustChain: true } : {};
}

/**
 * Node's tls.Server (and so https.Server) leaves `allowPartialTrustChain` out when it builds its
 * context from the options (Node 20.20: `Server.prototype.setSecureContext`), so client
 * certificates would need the root in the trust store. Sets the flag on the context it built.
 */
export function allowPartialTrustChainOn(server: TlsServer, options: TlsOptions | undefined): void {
  if (!options?.allowPartialTrustChain) return;
  const context = (server as unknown as { _sharedCreds?: { context?: { setAllowPartialTrustChain?: () => void } } })._sharedCreds?.context;
  if (typeof context?.setAllowPartialTrustChain !== 'function') {
    throw new Error('This Node.js cannot accept a trust store without its root for client certificates (allowPartialTrustChain)');
  }
  context.setAllowPartialTrustChain();
}

/** HTTPS and the embedded MQTTS broker: client certificates as TLS_CLIENT_AUTH says. */
export function serverTlsOptions(material: TlsMaterial, clientAuth: AppConfig['tls']['clientAuth']): TlsOptions {
  return {
    key: material.key,
    cert: material.cert,
    ...anchors(material.ca),
    requestCert: clientAuth !== 'none',
    rejectUnauthorized: clientAuth === 'require',
  };
}

/** Outgoing TLS (HTTPS calls, the MQTT client): this system's certificate, its anchors. */
export function clientTlsOptions(material: TlsMaterial | undefined): ClientTls {
  return material ? { key: material.key, cert: material.cert, ...anchors(material.ca) } : {};
}

/**
 * The MQTT client's TLS: the MQTT_* PEM files where given (a broker may want another identity),
 * else this system's own. The embedded broker is ours: without anchors, trust its certificate.
 */
export function mqttClientTlsOptions(mqtt: AppConfig['mqtt'], material: TlsMaterial | undefined, embedded: boolean): ClientTls {
  const own = clientTlsOptions(material);
  const ca = mqtt.caFile ? pemCertificates(readPem('MQTT_CA_FILE', mqtt.caFile)) : (material?.ca ?? (embedded && material ? [material.certificate.toString()] : undefined));
  return {
    key: mqtt.keyFile ? readPem('MQTT_KEY_FILE', mqtt.keyFile) : own.key,
    cert: mqtt.certFile ? readPem('MQTT_CERT_FILE', mqtt.certFile) : own.cert,
    ...anchors(ca),
  };
}
