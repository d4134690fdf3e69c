import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { Page, PageQuery, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { toConferenceView } from '../conferences';
import { ConferencesService } from '../conferences';
import { CreateConferenceDto } from '../conferences';
import { CreateSeriesDto, SecretariatDto, UpdateSeriesDto } from './dto/series.dto';
import { SecretariatDirectory } from './secretariat-directory';
import { Series } from './series.entity';

/** The secretariat's columns as given (trimmed, an empty phone left out), or all empty for none. */
function secretariatColumns(secretariat: SecretariatDto | null | undefined): Pick<Series, 'secretariatName' | 'secretariatEmail' | 'secretariatPhone'> {
  return { secretariatName: secretariat?.name.trim() ?? null, secretariatEmail: secretariat?.email.trim() ?? null, secretariatPhone: secretariat?.phone?.trim() || null };
}

@Injectable()
export class SeriesService {
  constructor(
    @InjectRepository(Series) private readonly series: Repository<Series>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly conferences: ConferencesService,
    private readonly clock: ClockService,
    private readonly secretariats: SecretariatDirectory,
  ) {}

  /** A series never exists without its summit: both are created in one transaction. */
  async create(dto: CreateSeriesDto) {
    const createdAt = await this.clock.now();
    const id = await this.dataSource.transaction(async (manager) => {
      const series = await manager.save(manager.create(Series, { name: dto.name, ...secretariatColumns(dto.secretariat), createdAt, updatedAt: createdAt }));
      await this.conferences.create(series.id, 'summit', dto.summit, manager);
      return series.id;
    });
    return this.view(id);
  }

  /** Changes the name or the secretariat given; the others stay. The summit is a conference and is changed as one. */
  async update(id: string, dto: UpdateSeriesDto) {
    if (dto.name === undefined && dto.secretariat === undefined) {
      throw DomainError.badRequest('nothing_to_change', 'Give the name or the secretariat to change; the summit is changed with PATCH /api/conferences/<summit id>.');
    }
    const now = await this.clock.now();
    const result = await this.series.update(
      { id },
      { ...(dto.name !== undefined ? { name: dto.name } : {}), ...(dto.secretariat !== undefined ? secretariatColumns(dto.secretariat) : {}), updatedAt: now },
    );
    if (!result.affected) throw DomainError.notFound('series', id);
    this.secretariats.forget(id);
    return this.view(id);
  }

  async list(query: PageQuery): Promise<Page<{ id: string; name: string; createdAt: string }>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'time', id: 'uuid' });
    const qb = this.series.createQueryBuilder('s').orderBy('s.created_at', 'ASC').addOrderBy('s.id', 'ASC').limit(limit + 1);
    if (after) qb.where('(s.created_at, s.id) > (:key::timestamptz, :id::uuid)', { key: after.key, id: after.id });
    const rows = await qb.getMany();
    const items = rows.map((s) => ({ id: s.id, name: s.name, createdAt: s.createdAt.toISOString() }));
    return toPage(items, limit, (s) => ({ key: s.createdAt, id: s.id }));
  }

  /** Every series (or the one asked for: 404 if unknown), oldest first; for views spanning series. */
  async summaries(id?: string): Promise<Array<{ id: string; name: string; createdAt: string }>> {
    const rows = await this.series.find({ where: id ? { id } : {}, order: { createdAt: 'ASC', id: 'ASC' } });
    if (id && rows.length === 0) throw DomainError.notFound('series', id);
    return rows.map((s) => ({ id: s.id, name: s.name, createdAt: s.createdAt.toISOString() }));
  }

  async view(id: string) {
    const series = await this.series.findOne({ where: { id } });
    if (!series) throw DomainError.notFound('series', id);
    const [conferences, readiness] = await Promise.all([this.conferences.listBySeries(id), this.conferences.summitReadiness(id)]);
    const summit = conferences.find((c) => c.kind === 'summit');
    return {
      id: series.id,
      name: series.name,
      secretariat: series.secretariatEmail ? { name: series.secretariatName, email: series.secretariatEmail, phone: series.secretariatPhone } : null,
      createdAt: series.createdAt.toISOString(),
      updatedAt: series.updatedAt.toISOString(),
      summit: summit ? toConferenceView(summit) : null,
      conferences: conferences.map(toConferenceView),
      summitReadiness: { ready: readiness.ready, regionalConferences: readiness.regionalConferences, missingReports: readiness.missingReports, waivers: readiness.waivers },
    };
  }

  async addConference(seriesId: string, dto: CreateConferenceDto) {
    const exists = await this.series.exists({ where: { id: seriesId } });
    if (!exists) throw DomainError.notFound('series', seriesId);
    return toConferenceView(await this.conferences.create(seriesId, 'regional', dto));
  }
}
