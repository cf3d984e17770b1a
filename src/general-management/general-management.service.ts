import { Inject, Injectable } from '@nestjs/common';
import { isBlank } from '../common/validation/lenient';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { parseDateTime } from '../common/dto/date-time';
import { resolvePage, SortRules } from '../common/dto/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LogRecord, SEVERITIES, Severity } from '../logging/app-logger';
import { LogSortField, StoredLogs } from '../logging/stored-logs';
import { ConfigResponseDto, LogEntryDto, LogRequestDto, LogResponseDto } from './dto/general-management.dto';

const invalid = ArrowheadException.invalidParameter;

const LOG_SORT: SortRules<LogSortField> = { fields: ['logId', 'entryDate', 'logger', 'logLevel'], defaultField: 'entryDate', defaultDirection: 'DESC' };
/** `ALL` is in the docs (SPEC-deviations E6): no severity filter. */
const ACCEPTED_SEVERITIES = ['ALL', ...SEVERITIES];

function toLogEntry(entry: LogRecord): LogEntryDto {
  return {
    logId: entry.logId,
    entryDate: entry.entryDate.toISOString(),
    logger: entry.logger,
    severity: entry.severity,
    message: entry.message,
    ...(entry.exception ? { exception: entry.exception } : {}),
  };
}

/** generalManagement (SPEC-management.md §5): get-log and get-config. */
@Injectable()
export class GeneralManagementService {
  constructor(
    private readonly logs: StoredLogs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async getLog(request: LogRequestDto | null): Promise<LogResponseDto> {
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

    const { entries, count } = await this.logs.find({ from, to, severity, logger, page });
    return { entries: entries.map(toLogEntry), count };
  }

  getConfig(keys: unknown[] | undefined): ConfigResponseDto {
    if (keys === undefined || keys.length === 0) throw invalid('The list of the requested configuration keys is null or empty');
    if (keys.some((key) => typeof key !== 'string' || key.trim() === '')) {
      throw invalid('The list of the requested configuration keys contains a null or empty value');
    }
    const published = this.publicConfiguration();
    const map: Record<string, string> = {};
    for (const key of new Set(keys.map((key) => (key as string).trim()))) {
      if (key in published) map[key] = published[key];
    }
    return { map };
  }

  /** The public keys of the reference (SPEC-management.md §5.2), with this service's effective values. */
  private publicConfiguration(): Record<string, string> {
    const { config } = this;
    return {
      'server.address': config.http.address,
      'server.port': String(config.http.port),
      'mqtt.api.enabled': String(config.mqtt.enabled),
      'domain.name': config.domainName,
      'authentication.policy': config.auth.policy,
      'enable.management.filter': String(config.auth.managementFilterEnabled),
      'management.policy': config.auth.managementPolicy,
      'enable.blacklist.filter': String(config.cloud.blacklist.enabled),
      'force.blacklist.filter': String(!config.cloud.blacklist.failOpen),
      'allow.self.addressing': 'true',
      'allow.non.routable.addressing': 'true',
      'max.page.size': String(config.maxPageSize),
      'normalization.mode': config.normalizationMode.toUpperCase(),
      'service.address.alias': '',
    };
  }

  private time(value: string | null | undefined, field: 'from' | 'to'): Date | undefined {
    if (isBlank(value)) return undefined;
    const parsed = parseDateTime(value!.trim());
    if (parsed === null) throw invalid(`Invalid date time in field: ${field}. Please use a UTC date time in ISO-8601 format`);
    return parsed;
  }
}
