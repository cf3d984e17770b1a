import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { fetchPage, Page } from '../common/dto/pagination';
import { LogRecord, SEVERITIES, Severity } from './app-logger';
import { LogEntry } from './log-entry.entity';
import { LogPersistenceService } from './log-persistence.service';

export type LogSortField = 'logId' | 'entryDate' | 'logger' | 'logLevel';

const SORT_COLUMN: Record<LogSortField, string> = { logId: 'log.logId', entryDate: 'log.entryDate', logger: 'log.logger', logLevel: 'log.logLevel' };

export interface LogFilter {
  from: Date;
  to: Date;
  /** This severity or worse; `ALL` for no filter. */
  severity: Severity | 'ALL';
  /** A part of the logger's name, case-insensitive; null for any. */
  logger: string | null;
  page: Page<LogSortField>;
}

/** Reads and retention of `logs`; the writes are LogPersistenceService's. */
@Injectable()
export class StoredLogs {
  constructor(
    @InjectRepository(LogEntry) private readonly logs: Repository<LogEntry>,
    private readonly persistence: LogPersistenceService,
  ) {}

  /** One page of the records that match, and how many match; what is still buffered is stored first, so the page includes it. */
  async find(filter: LogFilter): Promise<{ entries: LogRecord[]; count: number }> {
    await this.persistence.flush();
    const query = this.logs.createQueryBuilder('log').where('log.entryDate BETWEEN :from AND :to', { from: filter.from, to: filter.to });
    if (filter.severity !== 'ALL') {
      query.andWhere('log.logLevel IN (:...levels)', { levels: SEVERITIES.slice(SEVERITIES.indexOf(filter.severity)) });
    }
    if (filter.logger !== null && filter.logger.trim() !== '') {
      query.andWhere("log.logger ILIKE :logger ESCAPE '\\'", { logger: `%${filter.logger.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    }
    const [entries, count] = await fetchPage(query, filter.page, SORT_COLUMN[filter.page.sortField], 'log.logId');
    return { entries: entries.map(({ logLevel, ...entry }) => ({ ...entry, severity: logLevel as Severity })), count };
  }

  /** Removes the records older than `cutoff` (LOG_MAX_AGE_DAYS); returns how many. */
  async removeOlderThan(cutoff: Date): Promise<number> {
    return (await this.logs.delete({ entryDate: LessThan(cutoff) })).affected ?? 0;
  }

  /** Keeps the newest `maxRows` records (LOG_MAX_ROWS; the index on entry_date finds the cut-off row); returns how many went. */
  async trimTo(maxRows: number): Promise<number> {
    const result: unknown = await this.logs.query(
      `DELETE FROM "logs" WHERE "log_id" IN (SELECT "log_id" FROM "logs" ORDER BY "entry_date" DESC, "log_id" DESC OFFSET $1)`,
      [maxRows],
    );
    // The pg driver answers [rows, count] for a DELETE through query().
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}
