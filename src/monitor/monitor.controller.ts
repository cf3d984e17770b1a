import { Controller, Header } from '@nestjs/common';
import { ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadTransport } from '../common/arrowhead/arrowhead-params.decorator';
import { Transport } from '../common/arrowhead/request-context';
import { ROUTES } from '../common/arrowhead/routes';

/** monitor.echo (SPEC-management.md §6): authenticated, not management; a cheap liveness check. */
@Controller()
export class MonitorController {
  @ArrowheadOperation({ method: 'GET', path: `${ROUTES.monitor.http}/echo`, topic: `${ROUTES.monitor.mqtt}/echo`, status: 200 })
  @Header('Content-Type', 'text/plain; charset=utf-8')
  echo(@ArrowheadTransport() transport: Transport): string {
    // The reference answers `Got it!` on HTTP and `"Got it"` on MQTT (SPEC.md §2.2).
    return transport === 'http' ? 'Got it!' : 'Got it';
  }
}
