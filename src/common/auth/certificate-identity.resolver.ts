import { X509Certificate } from 'node:crypto';
import { ConfigurationError } from '../../config/app-config';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { NameNormalizer } from '../naming/name-normalizer';
import { Identity, identityOf } from './identity';
import { CallerCredentials, IdentityResolver } from './identity-resolver';

/** Arrowhead certificate profiles: the code in the subject's dnQualifier (OID 2.5.4.46). */
const PROFILES: Record<string, string> = {
  ma: 'MASTER',
  ga: 'GATE',
  or: 'ORGANIZATION',
  lo: 'LOCAL_CLOUD',
  on: 'ON_BOARDING',
  de: 'DEVICE',
  sy: 'SYSTEM',
  op: 'OPERATOR',
};

interface ArrowheadSubject {
  /** `<system>.<cloud>.<org>.arrowhead.eu`, split. */
  labels: string[];
  profile: string;
}

function subjectOf(certificate: X509Certificate): ArrowheadSubject | null {
  const fields = new Map(
    certificate.subject.split('\n').map((line) => {
      const separator = line.indexOf('=');
      return [line.slice(0, separator), line.slice(separator + 1)] as const;
    }),
  );
  const labels = (fields.get('CN') ?? '').split('.');
  const profile = fields.get('dnQualifier') ?? '';
  return labels.length === 5 && profile in PROFILES ? { labels, profile } : null;
}

/**
 * The `certificate` policy (SPEC.md §5): the caller is the system (or operator) its client
 * certificate names. HTTPS: the TLS peer certificate, verified by the TLS layer against the CA.
 * MQTT: the base64 PEM in `authentication`, verified here against the same CA.
 */
export class CertificateIdentityResolver extends IdentityResolver {
  private readonly localCloud: string;

  constructor(
    private readonly normalizer: NameNormalizer,
    private readonly ca: X509Certificate,
    serverCertificate: X509Certificate,
  ) {
    super();
    const server = subjectOf(serverCertificate);
    if (server === null) {
      throw new ConfigurationError(
        'TLS_CERT_FILE must be an Arrowhead certificate (CN <system>.<cloud>.<organization>.arrowhead.eu, dnQualifier sy) for AUTH_POLICY=certificate',
      );
    }
    this.localCloud = this.cloudOf(server);
  }

  async resolve(credentials: CallerCredentials): Promise<Identity> {
    const chain = credentials.transport === 'http' ? credentials.peerCertificates() : [this.presentedCertificate(credentials.authorization)];
    const subject = chain.map(subjectOf).find((candidate): candidate is ArrowheadSubject => candidate !== null);
    if (!subject) {
      throw ArrowheadException.auth(`Unauthenticated access attempt: ${credentials.baseLocation}`);
    }
    if (subject.profile !== 'sy' && subject.profile !== 'op') {
      throw ArrowheadException.forbidden(`Unauthorized access: ${credentials.location}, invalid certificate type: ${PROFILES[subject.profile]}`);
    }
    if (this.cloudOf(subject) !== this.localCloud) {
      throw ArrowheadException.forbidden(`Unauthorized access: ${credentials.location}, from foreign cloud`);
    }
    const systemName = this.normalizer.systemName(subject.labels[0]);
    if (systemName === null) {
      throw ArrowheadException.auth(`Unauthenticated access attempt: ${credentials.baseLocation}`);
    }
    return identityOf(systemName, subject.profile === 'op');
  }

  /** MQTT: the certificate in `authentication` (base64 of its PEM), issued by our CA. */
  private presentedCertificate(authentication: string | undefined): X509Certificate {
    if (authentication === undefined || authentication.trim() === '') {
      throw ArrowheadException.auth('No authentication key has been provided');
    }
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(authentication.trim(), 'base64').toString('utf8'));
    } catch {
      throw ArrowheadException.auth('Invalid authentication key has been provided');
    }
    const now = Date.now();
    const valid = Date.parse(certificate.validFrom) <= now && now <= Date.parse(certificate.validTo);
    if (!valid || !certificate.checkIssued(this.ca) || !certificate.verify(this.ca.publicKey)) {
      throw ArrowheadException.auth('Invalid authentication key has been provided');
    }
    return certificate;
  }

  private cloudOf(subject: ArrowheadSubject): string {
    return `${this.normalizer.systemName(subject.labels[1])}|${this.normalizer.systemName(subject.labels[2])}`;
  }
}
