import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DASHBOARD_ASSETS_DIR } from './dashboard-catalogues';

export interface DashboardAsset {
  body: Buffer;
  contentType: string;
  version: string;
}

/** Chart.js's browser build, served as the package ships it: no bundler between it and the page. */
const chartLibraryPath = () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');

const FILES: Record<string, { path: () => string; contentType: string }> = {
  'dashboard.js': { path: () => join(DASHBOARD_ASSETS_DIR, 'dashboard.js'), contentType: 'text/javascript; charset=utf-8' },
  'dashboard.css': { path: () => join(DASHBOARD_ASSETS_DIR, 'dashboard.css'), contentType: 'text/css; charset=utf-8' },
  'desk.js': { path: () => join(DASHBOARD_ASSETS_DIR, 'desk.js'), contentType: 'text/javascript; charset=utf-8' },
  'desk.css': { path: () => join(DASHBOARD_ASSETS_DIR, 'desk.css'), contentType: 'text/css; charset=utf-8' },
  'page-kit.js': { path: () => join(DASHBOARD_ASSETS_DIR, 'page-kit.js'), contentType: 'text/javascript; charset=utf-8' },
  'chart.umd.min.js': { path: chartLibraryPath, contentType: 'text/javascript; charset=utf-8' },
};

/** The page's script, styles and chart library, read once at start-up; a missing file stops the start. */
@Injectable()
export class DashboardAssetFiles {
  private readonly assets = new Map<string, DashboardAsset>(
    Object.entries(FILES).map(([name, file]) => {
      const body = readFileSync(file.path());
      return [name, { body, contentType: file.contentType, version: createHash('sha256').update(body).digest('hex').slice(0, 12) }];
    }),
  );

  get(name: string): DashboardAsset | undefined {
    return this.assets.get(name);
  }

  versions(): Record<string, string> {
    return Object.fromEntries([...this.assets].map(([name, asset]) => [name, asset.version]));
  }
}
