import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardCatalogues, fill, readCatalogues } from './dashboard-catalogues';

const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dashboard catalogues', () => {
  const catalogues = readCatalogues();
  const en = catalogues.get('en')!;

  it('has English and French', () => {
    expect([...catalogues.keys()]).toEqual(expect.arrayContaining(['en', 'fr']));
  });

  it.each([...catalogues.keys()].filter((l) => l !== 'en'))('%s says everything English says, with the same slots', (language) => {
    const other = catalogues.get(language)!;
    const baseKeys = (keys: string[]) => new Set(keys.map((k) => k.replace(/\.(zero|one|two|few|many|other)$/, '')));
    expect(baseKeys(Object.keys(other.messages))).toEqual(baseKeys(Object.keys(en.messages)));
    for (const [key, text] of Object.entries(en.messages)) {
      if (other.messages[key] === undefined) continue;
      expect({ key, slots: slots(other.messages[key]) }).toEqual({ key, slots: slots(text) });
    }
    // Plural forms fall back to .other, which every language must therefore have.
    for (const key of Object.keys(en.messages).filter((k) => k.endsWith('.other'))) expect({ key, text: other.messages[key] }).toEqual({ key, text: expect.any(String) });
  });

  it('picks a language from the choice, then the remembered one, then the browser, then English', () => {
    const service = new DashboardCatalogues();
    expect(service.negotiate(['fr', 'en'], 'en')).toBe('fr');
    expect(service.negotiate([undefined, 'fr'], 'en')).toBe('fr');
    expect(service.negotiate(['xx', undefined], 'de-CH, fr-CA;q=0.8, en;q=0.5')).toBe('fr');
    expect(service.negotiate([], 'de, en;q=0')).toBe('en');
    expect(service.negotiate([], undefined)).toBe('en');
  });

  it('falls back to English message by message, so a new language can start partial', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogues-'));
    writeFileSync(join(dir, 'messages.en.json'), JSON.stringify({ language: 'en', name: 'English', direction: 'ltr', messages: { a: 'A', b: 'B' } }));
    writeFileSync(join(dir, 'messages.ar.json'), JSON.stringify({ language: 'ar', name: 'العربية', direction: 'rtl', messages: { a: 'ا' } }));
    const read = readCatalogues(dir);
    expect(read.get('ar')!.direction).toBe('rtl');
    const service = new DashboardCatalogues();
    expect(service.catalogue('fr').messages['nav.signOut']).toBe('Se déconnecter');
    expect(service.catalogue('unknown').language).toBe('en');
  });

  it('refuses a file whose language does not match its name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogues-'));
    writeFileSync(join(dir, 'messages.en.json'), JSON.stringify({ language: 'en', name: 'English', direction: 'ltr', messages: {} }));
    writeFileSync(join(dir, 'messages.es.json'), JSON.stringify({ language: 'fr', name: 'Español', direction: 'ltr', messages: {} }));
    expect(() => readCatalogues(dir)).toThrow(/messages.es.json declares language "fr"/);
  });

  it('fills slots and leaves unknown ones visible', () => {
    expect(fill('{count} of {total}', { count: 2 })).toBe('2 of {total}');
  });
});
