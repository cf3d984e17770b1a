import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { OutgoingHttp } from '../http/outgoing-http';

/**
 * Asks the ConsumerAuthorization core system whether a system may use a management operation
 * (the `authorization` management policy, SPEC.md §6). Any failure to get a clear `true` is a no.
 */
@Injectable()
export class ConsumerAuthorizationClient {
  private readonly logger = new Logger(ConsumerAuthorizationClient.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: OutgoingHttp,
  ) {}

  async mayUse(consumer: string, serviceDefinition: string, operation: string): Promise<boolean> {
    const url = `${this.config.auth.consumerAuthorizationUrl}/consumerauthorization/authorization/verify`;
    const body = { provider: this.config.systemName, consumer, cloud: 'LOCAL', targetType: 'SERVICE_DEF', target: serviceDefinition, scope: operation };
    try {
      const response = await this.http.send({
        method: 'POST',
        url,
        body: JSON.stringify(body),
        // Under the declared policy this system names itself; with TLS its certificate does.
        headers: this.config.auth.policy === 'declared' ? { Authorization: `Bearer SYSTEM//${this.config.systemName}` } : {},
        timeoutMs: this.config.coreHttpTimeoutMs,
      });
      return response.status >= 200 && response.status < 300 && JSON.parse(response.body) === true;
    } catch (error) {
      this.logger.warn(`ConsumerAuthorization at ${url} could not be asked about ${consumer}/${serviceDefinition}/${operation}: ${(error as Error).message}`);
      return false;
    }
  }
}
