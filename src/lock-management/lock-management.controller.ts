import { Controller } from '@nestjs/common';
import { ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadListInput, ArrowheadParam, ArrowheadPayload } from '../common/arrowhead/arrowhead-params.decorator';
import { ROUTES } from '../common/arrowhead/routes';
import { LockListRequestDto, LockListResponseDto, LockQueryRequestDto } from './dto/lock.dto';
import { LockRequestParser } from './lock-request.parser';
import { LockManagementService } from './lock-management.service';

const { http, mqtt } = ROUTES.lockManagement;

/**
 * serviceOrchestrationLockManagement over HTTP and MQTT. Payload parameters are typed with the
 * bare DTO class (never `X | null`): TypeScript emits `Object` for unions and the validation pipe
 * would then skip them. An absent payload still arrives as null.
 */
@Controller()
export class LockManagementController {
  constructor(
    private readonly locks: LockManagementService,
    private readonly parser: LockRequestParser,
  ) {}

  @ArrowheadOperation({ method: 'POST', path: `${http}/create`, topic: `${mqtt}/create`, status: 201, body: LockListRequestDto, response: LockListResponseDto })
  create(@ArrowheadPayload() request: LockListRequestDto): Promise<LockListResponseDto> {
    return this.locks.create(this.parser.parseCreate(request, new Date()));
  }

  @ArrowheadOperation({ method: 'POST', path: `${http}/query`, topic: `${mqtt}/query`, status: 200, body: LockQueryRequestDto, response: LockListResponseDto })
  query(@ArrowheadPayload() request: LockQueryRequestDto): Promise<LockListResponseDto> {
    return this.locks.query(this.parser.parseQuery(request));
  }

  @ArrowheadOperation({ method: 'DELETE', path: `${http}/remove/:owner`, topic: `${mqtt}/remove`, status: 200 })
  remove(
    @ArrowheadParam('owner') owner: string | undefined,
    @ArrowheadListInput('instanceIds') instanceIds: unknown[] | undefined,
  ): Promise<void> {
    return this.locks.remove(this.parser.parseRemove(owner, instanceIds));
  }
}
