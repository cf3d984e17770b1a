import { Controller } from '@nestjs/common';
import { ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadListInput, ArrowheadPayload } from '../common/arrowhead/arrowhead-params.decorator';
import { ROUTES } from '../common/arrowhead/routes';
import { ConfigResponseDto, LogRequestDto, LogResponseDto } from './dto/general-management.dto';
import { GeneralManagementRequestParser } from './general-management-request.parser';
import { GeneralManagementService } from './general-management.service';

const { http, mqtt } = ROUTES.generalManagement;

/** generalManagement: get-log and get-config (management operations). */
@Controller()
export class GeneralManagementController {
  constructor(
    private readonly general: GeneralManagementService,
    private readonly parser: GeneralManagementRequestParser,
  ) {}

  @ArrowheadOperation({ method: 'POST', path: `${http}/logs`, topic: `${mqtt}/get-log`, status: 200, body: LogRequestDto, response: LogResponseDto })
  getLog(@ArrowheadPayload() request: LogRequestDto): Promise<LogResponseDto> {
    return this.general.getLog(this.parser.parseLogQuery(request));
  }

  @ArrowheadOperation({ method: 'GET', path: `${http}/get-config`, topic: `${mqtt}/get-config`, status: 200, response: ConfigResponseDto })
  getConfig(@ArrowheadListInput('keys') keys: unknown[] | undefined): ConfigResponseDto {
    return this.general.getConfig(this.parser.parseConfigKeys(keys));
  }
}
