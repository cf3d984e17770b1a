import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CoreSystemsClient } from '../../cloud/core-systems.client';
import { traced } from '../../logging/trace-context';

/**
 * Asks the ConsumerAuthorization core system whether a system may use a management operation
 * (the `authorization` management policy, SPEC.md §6). ConsumerAuthorization is found at
 * CONSUMER_AUTHORIZATION_URL or through the Service Registry. Any failure to get a clear `true` is a no.
 */
@Injectable()
export class ConsumerAuthorizationClient {
  private readonly logger = new Logger(ConsumerAuthorizationClient.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly coreSystems: CoreSystemsClient,
  ) {}

  /** `traceId`: the asking request's, for log lines. */
  async mayUse(consumer: string, serviceDefinition: string, operation: string, traceId: string | undefined): Promise<boolean> {
    const body = { provider: this.config.systemName, consumer, cloud: 'LOCAL', targetType: 'SERVICE_DEF', target: serviceDefinition, scope: operation };
    try {
      return (await this.coreSystems.call('authorization', 'verify', { body })) === true;
    } catch (error) {
      this.logger.warn(traced(traceId, `ConsumerAuthorization could not be asked about ${consumer}/${serviceDefinition}/${operation}: ${(error as Error).message}`));
      return false;
    }
  }
}
