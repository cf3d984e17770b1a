import { Controller } from '@nestjs/common';
import { ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadTransport } from '../common/arrowhead/arrowhead-params.decorator';
import { Transport } from '../common/arrowhead/request-context';
import { ROUTES } from '../common/arrowhead/routes';
import { StatusResult } from '../common/arrowhead/status-result';

/** monitor.echo (SPEC-management.md §6): authenticated, not management; a cheap liveness check. */
@Controller()
export class MonitorController {
  @ArrowheadOperation({ method: 'GET', path: `${ROUTES.monitor.http}/echo`, topic: `${ROUTES.monitor.mqtt}/echo`, status: 200 })
  echo(@ArrowheadTransport() transport: Transport): StatusResult<string> | string {
    // The reference answers `Got it!` as text on HTTP and `"Got it"` on MQTT (SPEC.md §2.2).
    return transport === 'http' ? new StatusResult(200, 'Got it!', 'text/plain; charset=utf-8') : 'Got it';
  }
}
