import { Inject, Injectable, Logger } from '@nestjs/common';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CloudJoinError, CoreCallError } from './core-call.error';
import { CoreSystemsClient } from './core-systems.client';
import { OwnIdentity } from './own-identity.service';
import { REGISTERED_SERVICES } from './registered-services';

/** The reference's framework version, registered as the system's version (SPEC-cloud.md §3.2). */
const FRAMEWORK_VERSION = '5.2.0';
const SERVICE_VERSION = '1.0.0';
const SERVICE_REGISTRY = 'ServiceRegistry';

/** Where this service is reachable, known only once HTTP listens and the broker is connected. */
export interface Reachability {
  httpPort: number;
  /** The broker MQTT is served on (undefined with MQTT_ENABLED=false). */
  mqtt?: { address: string; port: number; tls: boolean };
}

/**
 * Joins and leaves the local cloud (SPEC-cloud.md §3): the own login first (outsourced), then the
 * Service Registry's connection check, the system's re-registration and the six services; at
 * shutdown their revocation. Readiness waits for the last registration.
 */
@Injectable()
export class CloudMembership {
  private readonly logger = new Logger(CloudMembership.name);
  private readonly instanceIds: string[] = [];
  private joined: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: CoreSystemsClient,
    private readonly ownIdentity: OwnIdentity,
  ) {
    this.joined = !config.cloud.register;
  }

  /** Whether this service registers itself (a registry is set and SERVICE_REGISTRY_REGISTER is not false). */
  get registers(): boolean {
    return this.config.cloud.register;
  }

  /** True once every registration is done (at once when standalone or discovery-only). */
  get ready(): boolean {
    return this.joined;
  }

  /** Throws CloudJoinError (already logged as one ERROR line) when the cloud cannot be joined. */
  async join(reachability: Reachability): Promise<void> {
    try {
      await this.ownIdentity.start();
      if (!this.config.cloud.register) return;
      await this.connectionCheck();
      await this.step('system-discovery revoke', () => this.client.call('systemDiscovery', 'revoke', { provider: SERVICE_REGISTRY }));
      await this.step('system-discovery register', () => this.client.call('systemDiscovery', 'register', { provider: SERVICE_REGISTRY, body: this.systemBody() }));
      for (const service of REGISTERED_SERVICES) {
        const answer = await this.step(`service-discovery register of ${service.definition}`, () =>
          this.client.call<{ instanceId?: unknown }>('serviceDiscovery', 'register', { provider: SERVICE_REGISTRY, body: this.serviceBody(service, reachability) }),
        );
        const instanceId = typeof answer?.instanceId === 'string' && answer.instanceId.length <= 1024 ? answer.instanceId : `${this.config.systemName}|${service.definition}|${SERVICE_VERSION}`;
        this.instanceIds.push(instanceId);
      }
      this.joined = true;
      this.logger.log(`Registered ${this.instanceIds.length} services in the Service Registry at ${this.config.cloud.serviceRegistryUrl}`);
    } catch (error) {
      const message = error instanceof CloudJoinError ? error.message : `Cannot join the local cloud: ${(error as Error).message}`;
      this.logger.error(message);
      throw new CloudJoinError(message);
    }
  }

  /** SPEC-cloud.md §3.6 (1): revoke the registered services, one attempt each; errors only logged. */
  async leave(): Promise<void> {
    if (!this.config.cloud.leaveOnShutdown || this.instanceIds.length === 0) return;
    const ids = this.instanceIds.splice(0);
    await Promise.all(
      ids.map((id) =>
        this.client.call('serviceDiscovery', 'revoke', { provider: SERVICE_REGISTRY, param: id }).catch((error: Error) => {
          this.logger.warn(`Revoking ${id} in the Service Registry failed: ${error.message}`);
        }),
      ),
    );
    this.logger.log(`Revoked ${ids.length} services in the Service Registry`);
  }

  /** §3.1 step 1: the lookup of systemDiscovery, retried on anything but 401/403. */
  private async connectionCheck(): Promise<void> {
    const { connectAttempts, retryIntervalMs, serviceRegistryUrl } = this.config.cloud;
    for (let attempt = 1; ; attempt++) {
      try {
        this.client.remember('systemDiscovery', SERVICE_REGISTRY, await this.client.lookup('systemDiscovery', SERVICE_REGISTRY));
        return;
      } catch (error) {
        const failure = error as CoreCallError;
        const refused = failure.status === 401 || failure.status === 403;
        if (refused || attempt >= connectAttempts) {
          throw new CloudJoinError(`Cannot join the local cloud: the Service Registry at ${serviceRegistryUrl} ${refused ? `refused the lookup: ${failure.status} ${failure.errorMessage}` : `did not answer the lookup after ${attempt} attempts: ${failure.message}`}`);
        }
        this.logger.warn(`Service Registry at ${serviceRegistryUrl} not available (attempt ${attempt} of ${connectAttempts}), trying again in ${retryIntervalMs} ms: ${failure.message}`);
        await new Promise((resolve) => setTimeout(resolve, retryIntervalMs));
      }
    }
  }

  private async step<T>(call: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const failure = error as CoreCallError;
      const detail = failure.status !== undefined && failure.errorMessage !== undefined ? `${failure.status} ${failure.errorMessage}` : failure.message;
      throw new CloudJoinError(`Cannot join the local cloud: ${call} at ${this.config.cloud.serviceRegistryUrl} failed: ${detail}`);
    }
  }

  private systemBody(): Record<string, unknown> {
    const metadata: Record<string, unknown> = {};
    if (this.config.auth.policy === 'certificate' && this.config.tls.certFile) {
      metadata.x509PublicKey = new X509Certificate(readFileSync(this.config.tls.certFile)).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    }
    return { metadata, version: FRAMEWORK_VERSION, addresses: [this.config.domainName.trim().toLowerCase()] };
  }

  private serviceBody(service: (typeof REGISTERED_SERVICES)[number], { httpPort, mqtt }: Reachability): Record<string, unknown> {
    const tls = this.config.tls.enabled;
    const policy = this.config.auth.policy === 'certificate' ? 'CERT_AUTH' : 'NONE';
    const interfaces: Record<string, unknown>[] = [
      {
        templateName: tls ? 'generic_https' : 'generic_http',
        protocol: tls ? 'https' : 'http',
        policy,
        properties: { accessAddresses: [this.config.domainName], accessPort: httpPort, basePath: service.basePath, operations: service.operations },
      },
    ];
    if (mqtt) {
      interfaces.push({
        templateName: mqtt.tls ? 'generic_mqtts' : 'generic_mqtt',
        protocol: mqtt.tls ? 'ssl' : 'tcp',
        policy,
        properties: { accessAddresses: [mqtt.address], accessPort: mqtt.port, baseTopic: service.baseTopic, operations: Object.keys(service.operations) },
      });
    }
    return { serviceDefinitionName: service.definition, version: SERVICE_VERSION, metadata: service.metadata, interfaces };
  }
}
