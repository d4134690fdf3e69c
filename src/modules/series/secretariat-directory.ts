import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import addressparser from 'nodemailer/lib/addressparser';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import type { SecretariatContact } from '../../platform/mail/templates';
import { Series } from './series.entity';

/** How long a process keeps a series' contact: a change made through another process reaches its mails and pages within it. */
const KEPT_MS = 10_000;

/**
 * The secretariat invitees of a series write to (named on every page and mail, and their Reply-To).
 * A series created without one falls back to SECRETARIAT_EMAIL (else MAIL_FROM's address). Answers
 * are kept a few seconds, since every batch of mail and every invitee page asks.
 */
@Injectable()
export class SecretariatDirectory {
  private readonly known = new Map<string, { contact: SecretariatContact; readAt: number }>();
  private readonly fallback: SecretariatContact;

  constructor(
    @InjectRepository(Series) private readonly series: Repository<Series>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const [from] = addressparser(config.mailFrom);
    const address = from && 'address' in from && from.address ? from.address : config.mailFrom;
    this.fallback = { name: null, email: config.secretariatEmail ?? address, phone: null };
  }

  async forSeries(seriesId: string): Promise<SecretariatContact> {
    const cached = this.known.get(seriesId);
    if (cached && performance.now() - cached.readAt < KEPT_MS) return cached.contact;
    const row = await this.series.findOne({ where: { id: seriesId }, select: { id: true, secretariatName: true, secretariatEmail: true, secretariatPhone: true } });
    const contact = row?.secretariatEmail ? { name: row.secretariatName, email: row.secretariatEmail, phone: row.secretariatPhone } : this.fallback;
    if (this.known.size > 1000) this.known.clear();
    this.known.set(seriesId, { contact, readAt: performance.now() });
    return contact;
  }

  /** This process reads the series' contact again at its next use (it has just changed). */
  forget(seriesId: string): void {
    this.known.delete(seriesId);
  }
}
