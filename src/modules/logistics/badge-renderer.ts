import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { RenderThreads } from '../../platform/documents/render-threads';
import { BadgeContent, renderBadge } from './logistics-documents';

/** Badges drawn in the worker's document threads (DOCUMENT_THREADS), so a batch is drawn on every core. */
@Injectable()
export class BadgeRenderer implements OnModuleDestroy {
  private readonly threads: RenderThreads<BadgeContent>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.threads = new RenderThreads(join(__dirname, 'badge-render.thread.js'), config.documentThreads, renderBadge);
  }

  render(badge: BadgeContent): Promise<Buffer> {
    return this.threads.render(badge);
  }

  onModuleDestroy(): Promise<void> {
    return this.threads.close();
  }
}
