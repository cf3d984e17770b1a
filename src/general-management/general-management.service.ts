import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LogRecord } from '../logging/app-logger';
import { LogFilter, StoredLogs } from '../logging/stored-logs';
import { ConfigResponseDto, LogEntryDto, LogResponseDto } from './dto/general-management.dto';

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

  async getLog(filter: LogFilter): Promise<LogResponseDto> {
    const { entries, count } = await this.logs.find(filter);
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
