import { Inject, Injectable } from '@nestjs/common';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { parseDateTime } from '../common/dto/date-time';
import { resolvePage, SortRules } from '../common/dto/pagination';
import { isBlank } from '../common/validation/lenient';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SEVERITIES, Severity } from '../logging/app-logger';
import { LogFilter, LogSortField } from '../logging/stored-logs';
import { LogRequestDto } from './dto/general-management.dto';

const invalid = ArrowheadException.invalidParameter;

const LOG_SORT: SortRules<LogSortField> = { fields: ['logId', 'entryDate', 'logger', 'logLevel'], defaultField: 'entryDate', defaultDirection: 'DESC' };
/** `ALL` is in the docs (SPEC-deviations E6): no severity filter. */
const ACCEPTED_SEVERITIES = ['ALL', ...SEVERITIES];

/** The rules of generalManagement input (SPEC-management.md §5), in its order and texts. */
@Injectable()
export class GeneralManagementRequestParser {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  parseLogQuery(request: LogRequestDto | null): LogFilter {
    const page = resolvePage(request?.pagination, LOG_SORT, this.config.maxPageSize);
    const from = this.time(request?.from, 'from') ?? new Date(0);
    const to = this.time(request?.to, 'to') ?? new Date();
    if (to.getTime() < from.getTime()) throw invalid('Invalid time interval');
    let severity: Severity | 'ALL' = 'ALL';
    if (!isBlank(request?.severity)) {
      const upper = request!.severity!.trim().toUpperCase();
      if (!ACCEPTED_SEVERITIES.includes(upper)) {
        throw invalid(`Invalid severity is specified. Allowed values are: ${ACCEPTED_SEVERITIES.join(', ')}`);
      }
      severity = upper as Severity | 'ALL';
    }
    const logger = request?.logger ?? request?.loggerStr ?? null;
    return { page, from, to, severity, logger: isBlank(logger) ? null : logger!.trim() };
  }

  /** get-config's keys: trimmed, each once, in the order sent. */
  parseConfigKeys(keys: unknown[] | undefined): string[] {
    if (keys === undefined || keys.length === 0) throw invalid('The list of the requested configuration keys is null or empty');
    if (keys.some((key) => typeof key !== 'string' || key.trim() === '')) {
      throw invalid('The list of the requested configuration keys contains a null or empty value');
    }
    return [...new Set(keys.map((key) => (key as string).trim()))];
  }

  private time(value: string | null | undefined, field: 'from' | 'to'): Date | undefined {
    if (isBlank(value)) return undefined;
    const parsed = parseDateTime(value!.trim());
    if (parsed === null) throw invalid(`Invalid date time in field: ${field}. Please use a UTC date time in ISO-8601 format`);
    return parsed;
  }
}
