import { Controller } from '@nestjs/common';
import { ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadPayload } from '../common/arrowhead/arrowhead-params.decorator';
import { ROUTES } from '../common/arrowhead/routes';
import { HistoryQueryRequestDto, HistoryResponseDto } from './dto/history.dto';
import { HistoryQueryParser } from './history-query.parser';
import { OrchestrationJobService } from './orchestration-job.service';

const { http, mqtt } = ROUTES.history;

/** serviceOrchestrationHistoryManagement. */
@Controller()
export class HistoryController {
  constructor(
    private readonly jobs: OrchestrationJobService,
    private readonly parser: HistoryQueryParser,
  ) {}

  @ArrowheadOperation({ method: 'POST', path: `${http}/query`, topic: `${mqtt}/query`, status: 200, body: HistoryQueryRequestDto, response: HistoryResponseDto })
  query(@ArrowheadPayload() request: HistoryQueryRequestDto): Promise<HistoryResponseDto> {
    return this.jobs.query(this.parser.parseQuery(request));
  }
}
