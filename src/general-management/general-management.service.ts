import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fetchPage } from '../common/dto/pagination';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SEVERITIES } from '../logging/app-logger';
import { LogEntry } from '../logging/log-entry.entity';
import { LogPersistenceService } from '../logging/log-persistence.service';
import { ConfigResponseDto, LogEntryDto, LogResponseDto } from './dto/general-management.dto';
import { LogQuery, LogSortField } from './general-management-request.parser';

const SORT_COLUMN: Record<LogSortField, string> = { logId: 'log.logId', entryDate: 'log.entryDate', logger: 'log.logger', logLevel: 'log.logLevel' };

function toLogEntry(entry: LogEntry): LogEntryDto {
  return {
    logId: entry.logId,
    entryDate: entry.entryDate.toISOString(),
    logger: entry.logger,
    severity: entry.logLevel,
    message: entry.message,
    ...(entry.exception ? { exception: entry.exception } : {}),
  };
}

/** generalManagement (SPEC-management.md §5): get-log and get-config. */
@Injectable()
export class GeneralManagementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logs: LogPersistenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async getLog(query: LogQuery): Promise<LogResponseDto> {
    const { page, from, to, severity, logger } = query;
    await this.logs.flush();
    const builder = this.dataSource
      .getRepository(LogEntry)
      .createQueryBuilder('log')
      .where('log.entryDate BETWEEN :from AND :to', { from, to });
    if (severity !== 'ALL') {
      builder.andWhere('log.logLevel IN (:...levels)', { levels: SEVERITIES.slice(SEVERITIES.indexOf(severity)) });
    }
    if (logger !== null) {
      builder.andWhere("log.logger ILIKE :logger ESCAPE '\\'", { logger: `%${logger.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    }
    const [entries, count] = await fetchPage(builder, page, SORT_COLUMN[page.sortField], 'log.logId');
    return { entries: entries.map(toLogEntry), count };
  }

  /** The published value of each key asked for (trimmed, each once); other keys are left out. */
  getConfig(keys: string[]): ConfigResponseDto {
    const published = this.publicConfiguration();
    const map: Record<string, string> = {};
    for (const key of keys) {
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
}
