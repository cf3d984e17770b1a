import { Controller } from '@nestjs/common';
import { ArrowheadHttpAlias, ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadListInput, ArrowheadPayload, AuthenticatedIdentity } from '../common/arrowhead/arrowhead-params.decorator';
import { ROUTES } from '../common/arrowhead/routes';
import type { Identity } from '../common/auth/identity';
import { SimpleStoreCreateRequestDto, SimpleStoreListResponseDto, SimpleStoreQueryRequestDto } from './dto/simple-store.dto';
import { SimpleStoreRequestParser } from './simple-store-request.parser';
import { SimpleStoreService } from './simple-store.service';

const { http, mqtt } = ROUTES.simpleStore;

/** serviceOrchestrationSimpleStoreManagement over HTTP and MQTT (payload types: bare DTO classes, see LockManagementController). */
@Controller()
export class SimpleStoreController {
  constructor(
    private readonly store: SimpleStoreService,
    private readonly parser: SimpleStoreRequestParser,
  ) {}

  @ArrowheadOperation({ method: 'POST', path: `${http}/query`, topic: `${mqtt}/query`, status: 200, body: SimpleStoreQueryRequestDto, response: SimpleStoreListResponseDto })
  query(@ArrowheadPayload() request: SimpleStoreQueryRequestDto): Promise<SimpleStoreListResponseDto> {
    return this.store.query(this.parser.parseQuery(request));
  }

  @ArrowheadOperation({ method: 'POST', path: `${http}/create`, topic: `${mqtt}/create`, status: 201, body: SimpleStoreCreateRequestDto, response: SimpleStoreListResponseDto })
  create(
    @ArrowheadPayload() request: SimpleStoreCreateRequestDto,
    @AuthenticatedIdentity() caller: Identity,
  ): Promise<SimpleStoreListResponseDto> {
    return this.store.create(this.parser.parseCreate(request), caller.systemName);
  }

  @ArrowheadOperation({ method: 'PUT', path: `${http}/modify-priorities`, topic: `${mqtt}/modify-priorities`, status: 200, response: SimpleStoreListResponseDto })
  modifyPriorities(@ArrowheadPayload() priorities: object, @AuthenticatedIdentity() caller: Identity): Promise<SimpleStoreListResponseDto> {
    return this.store.modifyPriorities(this.parser.parsePriorityMap(priorities), caller.systemName);
  }

  /** The docs and seed use POST (SPEC-deviations B1). */
  @ArrowheadHttpAlias({ method: 'POST', path: `${http}/modify-priorities`, topic: `${mqtt}/modify-priorities`, status: 200, response: SimpleStoreListResponseDto })
  modifyPrioritiesByPost(@ArrowheadPayload() priorities: object, @AuthenticatedIdentity() caller: Identity): Promise<SimpleStoreListResponseDto> {
    return this.modifyPriorities(priorities, caller);
  }

  @ArrowheadOperation({ method: 'DELETE', path: `${http}/remove`, topic: `${mqtt}/remove`, status: 200 })
  remove(@ArrowheadListInput('uuids') uuids: unknown[] | undefined): Promise<void> {
    return this.store.remove(this.parser.parseRemove(uuids));
  }

  /** The seed's request line deletes on `/query` (SPEC-deviations B2). */
  @ArrowheadHttpAlias({ method: 'DELETE', path: `${http}/query`, topic: `${mqtt}/remove`, status: 200 })
  removeOnQueryPath(@ArrowheadListInput('uuids') uuids: unknown[] | undefined): Promise<void> {
    return this.remove(uuids);
  }
}
