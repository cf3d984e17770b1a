import { Controller } from '@nestjs/common';
import { ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadPayload, AuthenticatedIdentity } from '../common/arrowhead/arrowhead-params.decorator';
import { ROUTES } from '../common/arrowhead/routes';
import type { Identity } from '../common/auth/identity';
import { OrchestrationRequestDto, OrchestrationResponseDto } from './dto/orchestration.dto';
import { OrchestrationRequestParser } from './orchestration-request.parser';
import { OrchestrationService } from './orchestration.service';

const { http, mqtt } = ROUTES.orchestration;

/** serviceOrchestration (not a management service: any authenticated system may call it). */
@Controller()
export class OrchestrationController {
  constructor(
    private readonly orchestration: OrchestrationService,
    private readonly parser: OrchestrationRequestParser,
  ) {}

  @ArrowheadOperation({ method: 'POST', path: `${http}/pull`, topic: `${mqtt}/pull`, status: 200, body: OrchestrationRequestDto, response: OrchestrationResponseDto })
  pull(@ArrowheadPayload() request: OrchestrationRequestDto, @AuthenticatedIdentity() caller: Identity): Promise<OrchestrationResponseDto> {
    return this.orchestration.pull(this.parser.parsePull(request, caller.systemName));
  }
}
