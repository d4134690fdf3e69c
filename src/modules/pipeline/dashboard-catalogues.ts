import { Injectable } from '@nestjs/common';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DASHBOARD_ASSETS_DIR = join(__dirname, 'dashboard-assets');
export const DEFAULT_LANGUAGE = 'en';

/** One language of the dashboard, as a translator writes it: dashboard-assets/messages.<code>.json. */
export interface DashboardCatalogue {
  language: string;
  /** The language's own name, for the language switcher. */
  name: string;
  direction: 'ltr' | 'rtl';
  /** Flat keys; plural forms as key.<Intl plural category> (key.one, key.other, ...). */
  messages: Record<string, string>;
}

const CATALOGUE_FILE = /^messages\.([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\.json$/;

export function readCatalogues(dir = DASHBOARD_ASSETS_DIR): Map<string, DashboardCatalogue> {
  const catalogues = new Map<string, DashboardCatalogue>();
  for (const file of readdirSync(dir).sort()) {
    const match = CATALOGUE_FILE.exec(file);
    if (!match) continue;
    const catalogue = JSON.parse(readFileSync(join(dir, file), 'utf8')) as DashboardCatalogue;
    if (catalogue.language !== match[1]) throw new Error(`${file} declares language "${catalogue.language}"; the file name says ${match[1]}.`);
    if (catalogue.direction !== 'ltr' && catalogue.direction !== 'rtl') throw new Error(`${file}: direction must be ltr or rtl.`);
    catalogues.set(catalogue.language, catalogue);
  }
  if (!catalogues.has(DEFAULT_LANGUAGE)) throw new Error(`The dashboard needs messages.${DEFAULT_LANGUAGE}.json in ${dir}.`);
  return catalogues;
}

/**
 * The dashboard's languages: adding one is adding its messages file. A language that lacks a
 * message falls back to English for that message only.
 */
@Injectable()
export class DashboardCatalogues {
  private readonly catalogues = readCatalogues();

  languages(): Array<Pick<DashboardCatalogue, 'language' | 'name' | 'direction'>> {
    return [...this.catalogues.values()].map(({ language, name, direction }) => ({ language, name, direction }));
  }

  has(language: string | undefined): boolean {
    return !!language && this.catalogues.has(language);
  }

  catalogue(language: string): DashboardCatalogue {
    const base = this.catalogues.get(DEFAULT_LANGUAGE)!;
    const own = this.catalogues.get(language) ?? base;
    return { ...own, messages: { ...base.messages, ...own.messages } };
  }

  /** The first of: an explicit choice, the remembered one, the browser's preferences; else English. */
  negotiate(choices: Array<string | undefined>, acceptLanguage: string | undefined): string {
    for (const choice of choices) if (choice && this.has(choice)) return choice;
    const preferred = (acceptLanguage ?? '')
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
        return { tag: tag.toLowerCase(), q: q ? Number(q[1]) : 1 };
      })
      .filter((p) => p.tag && p.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { tag } of preferred) {
      if (this.has(tag)) return tag;
      const primary = tag.split('-')[0];
      if (this.has(primary)) return primary;
    }
    return DEFAULT_LANGUAGE;
  }
}

/** Fills {slots}; a slot without a value stays visible rather than vanishing. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}
