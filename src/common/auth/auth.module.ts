import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { X509Certificate } from 'node:crypto';
import { CloudModule } from '../../cloud/cloud.module';
import { CoreSystemsClient } from '../../cloud/core-systems.client';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { TLS_MATERIAL, TlsMaterial } from '../../config/tls';
import { NameNormalizer } from '../naming/name-normalizer';
import { ArrowheadAuthGuard } from './arrowhead-auth.guard';
import { CertificateIdentityResolver } from './certificate-identity.resolver';
import { ConsumerAuthorizationClient } from './consumer-authorization.client';
import { DeclaredIdentityResolver } from './declared-identity.resolver';
import { IdentityResolver } from './identity-resolver';
import { ManagementPolicy } from './management-policy';
import { OutsourcedIdentityResolver } from './outsourced-identity.resolver';

/** AUTH_POLICY picks how callers are identified (SPEC.md §5). */
function identityResolverFor(config: AppConfig, tls: TlsMaterial | null, normalizer: NameNormalizer, coreSystems: CoreSystemsClient): IdentityResolver {
  switch (config.auth.policy) {
    case 'certificate':
      // The configuration guarantees TLS with anchors under this policy; the first anchor is the cloud's CA.
      return new CertificateIdentityResolver(normalizer, new X509Certificate(tls!.ca![0]), tls!.certificate);
    case 'outsourced':
      return new OutsourcedIdentityResolver(normalizer, coreSystems, config.auth.tokenCacheMs, config.auth.tokenCacheMax);
    default:
      return new DeclaredIdentityResolver(normalizer);
  }
}

/** Who the caller is (AUTH_POLICY), the Blacklist, and who may manage (MANAGEMENT_POLICY): the guard in front of every operation on both transports. */
@Module({
  imports: [CloudModule],
  providers: [
    { provide: IdentityResolver, inject: [APP_CONFIG, TLS_MATERIAL, NameNormalizer, CoreSystemsClient], useFactory: identityResolverFor },
    ConsumerAuthorizationClient,
    ManagementPolicy,
    { provide: APP_GUARD, useClass: ArrowheadAuthGuard },
  ],
})
export class AuthModule {}
