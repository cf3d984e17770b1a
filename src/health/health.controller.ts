import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { PublicEndpoint } from '../common/auth/public-endpoint.decorator';
import { MqttConnection } from '../mqtt/mqtt-connection';
import { CloudMembership } from '../cloud/cloud-membership.service';

/**
 * Kubernetes probes. Liveness: the process answers. Readiness: the database answers a ping and
 * the broker connection is up (read from the connection itself; a probe opens no connection), and
 * with a Service Registry the service's registration is complete.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly mqtt: MqttConnection,
    private readonly cloud: CloudMembership,
  ) {}

  @Get('live')
  @PublicEndpoint()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @PublicEndpoint()
  @HealthCheck()
  ready() {
    const registration = this.cloud.registers
      ? [
          // Consumers find the service through the Service Registry only after the last registration.
          () => {
            const indicator = this.indicators.check('serviceRegistry');
            return this.cloud.ready ? indicator.up() : indicator.down({ state: 'registering' });
          },
        ]
      : [];
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => {
        const indicator = this.indicators.check('mqtt');
        const state = this.mqtt.state;
        return state === 'disconnected' ? indicator.down({ state }) : indicator.up({ state });
      },
      ...registration,
    ]);
  }
}
