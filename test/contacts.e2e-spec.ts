import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { AudienceCriteria } from '../src/modules/contacts/audience';
import { ContactsService } from '../src/modules/contacts/contacts.service';
import { ApiClient, TestEnvironment, createTestEnvironment } from './support/test-app';

const CSV = { 'content-type': 'text/csv' };

describe('contacts directory', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let api: ApiClient;
  let db: Client;

  beforeAll(async () => {
    env = await createTestEnvironment();
    ({ app, api } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
  });

  const contact = (overrides: Record<string, unknown> = {}) => ({
    email: `person.${Math.random().toString(36).slice(2, 10)}@example.org`,
    fullName: 'Some Person',
    stakeholderType: 'civil_society',
    ...overrides,
  });

  describe('creating', () => {
    it('creates a contact, English by default, country in upper case', async () => {
      const response = await api.post('/api/contacts', {
        email: ' A.Ivanova@MFA.gov.by ',
        fullName: 'Anna Ivanova',
        stakeholderType: 'member_state',
        honorific: 'H.E. Ms.',
        jobTitle: 'Deputy Minister of Foreign Affairs',
        organisation: 'Ministry of Foreign Affairs',
        country: 'by',
        timezone: 'Europe/Minsk',
        gender: 'female',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: 'A.Ivanova@MFA.gov.by',
        fullName: 'Anna Ivanova',
        stakeholderType: 'member_state',
        country: 'BY',
        language: 'en',
        timezone: 'Europe/Minsk',
      });
      const fetched = await api.get(`/api/contacts/${response.body.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(response.body);
    });

    it('refuses the same e-mail again, whatever its case, naming it', async () => {
      const first = await api.post('/api/contacts', contact({ email: 'k.rampersad@foreign.gov.tt', stakeholderType: 'member_state', country: 'TT', language: 'en' }));
      expect(first.status).toBe(201);
      const again = await api.post('/api/contacts', contact({ email: 'K.Rampersad@Foreign.GOV.tt' }));
      expect(again.status).toBe(409);
      expect(again.body.message).toContain('K.Rampersad@Foreign.GOV.tt');
      expect(again.body.contactId).toBe(first.body.id);
    });

    it('names every bad field, and refuses unknown ones', async () => {
      const response = await api.post('/api/contacts', {
        email: 'not-an-address',
        fullName: 'Bad Data',
        stakeholderType: 'member_state',
        country: 'ZZ',
        language: 'de',
        timezone: 'Europe/Atlantis',
        colour: 'blue',
      });
      expect(response.status).toBe(400);
      expect(response.body.fields.map((f: any) => f.field).sort()).toEqual(['colour', 'country', 'email', 'language', 'timezone']);
      expect(response.body.message).toContain('colour: unknown field');
      expect(response.body.message).toContain('language must be one of the UN official languages: ar, zh, en, fr, ru, es');
    });

    it('needs a country for a member_state contact only', async () => {
      const missing = await api.post('/api/contacts', contact({ stakeholderType: 'member_state' }));
      expect(missing.status).toBe(400);
      expect(missing.body.fields).toEqual([{ field: 'country', problems: ['is required'] }]);
      expect((await api.post('/api/contacts', contact({ stakeholderType: 'academia' }))).status).toBe(201);
      const unknownType = await api.post('/api/contacts', contact({ stakeholderType: 'press' }));
      expect(unknownType.status).toBe(400);
      expect(unknownType.body.message).toMatch(/stakeholderType must be one of member_state, international_org/);
    });
  });

  describe('listing', () => {
    const seeded: any[] = [];

    beforeAll(async () => {
      const people = [
        contact({ email: 'l.novak@mzv.cz', fullName: 'Lucie Novak', stakeholderType: 'member_state', country: 'CZ', organisation: 'Ministry of Foreign Affairs' }),
        contact({ email: 'j.huber@bmeia.gv.at', fullName: 'Johann Huber', stakeholderType: 'member_state', country: 'AT', organisation: 'Federal Ministry for European and International Affairs' }),
        contact({ email: 'r.singh@caricom.org', fullName: 'Rohan Singh', stakeholderType: 'regional_org', country: 'GY', organisation: 'CARICOM Secretariat' }),
        contact({ email: 'm.dupont@osce.org', fullName: 'Marie Dupont', stakeholderType: 'regional_org', country: 'AT', organisation: 'OSCE', language: 'fr' }),
        contact({ email: 'f.almansoori@hedayah.ae', fullName: 'Fatima Al Mansoori', stakeholderType: 'civil_society', country: 'AE', organisation: 'Hedayah 50% Fund_x', language: 'ar' }),
      ];
      for (const person of people) {
        const created = await api.post('/api/contacts', person);
        expect(created.status).toBe(201);
        seeded.push(created.body);
      }
    });

    it('filters by stakeholder type and country', async () => {
      const regional = await api.get('/api/contacts?stakeholderType=regional_org');
      expect(regional.status).toBe(200);
      expect(regional.body.items.map((c: any) => c.email).sort()).toEqual(['m.dupont@osce.org', 'r.singh@caricom.org']);
      const austria = await api.get('/api/contacts?country=at');
      expect(austria.body.items.map((c: any) => c.fullName).sort()).toEqual(['Johann Huber', 'Marie Dupont']);
      const both = await api.get('/api/contacts?country=AT&stakeholderType=member_state');
      expect(both.body.items.map((c: any) => c.fullName)).toEqual(['Johann Huber']);
      const blank = await api.get('/api/contacts?stakeholderType=&country=&q=');
      expect(blank.status).toBe(200);
      expect(blank.body.items.length).toBeGreaterThanOrEqual(5);
      expect((await api.get('/api/contacts?country=ZZ')).status).toBe(400);
      expect((await api.get('/api/contacts?stakeholderType=press')).status).toBe(400);
    });

    it('searches names, e-mails and organisations in any case, wildcards taken literally', async () => {
      const byName = await api.get('/api/contacts?q=HUBER');
      expect(byName.body.items.map((c: any) => c.email)).toEqual(['j.huber@bmeia.gv.at']);
      const byMail = await api.get('/api/contacts?q=caricom.ORG');
      expect(byMail.body.items.map((c: any) => c.fullName)).toEqual(['Rohan Singh']);
      const byOrganisation = await api.get('/api/contacts?q=osce');
      expect(byOrganisation.body.items.map((c: any) => c.fullName)).toEqual(['Marie Dupont']);
      expect((await api.get(`/api/contacts?q=${encodeURIComponent('50%')}`)).body.items.map((c: any) => c.fullName)).toEqual(['Fatima Al Mansoori']);
      expect((await api.get(`/api/contacts?q=${encodeURIComponent('d_x')}`)).body.items.map((c: any) => c.fullName)).toEqual(['Fatima Al Mansoori']);
      expect((await api.get(`/api/contacts?q=${encodeURIComponent('%')}`)).body.items).toHaveLength(1);
    });

    it('pages through the whole directory by name with a cursor, each contact once', async () => {
      const all = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: any = await api.get(`/api/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        all.push(...page.body.items);
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      const total = (await db.query(`SELECT count(*)::int AS n FROM contacts WHERE erased_at IS NULL`)).rows[0].n;
      expect(all).toHaveLength(total);
      expect(new Set(all.map((c) => c.id)).size).toBe(total);
      const names = all.map((c) => c.fullName.toLowerCase());
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect((await api.get('/api/contacts?limit=501')).status).toBe(400);
      expect((await api.get('/api/contacts?cursor=garbage')).status).toBe(400);
      const unpaged = await api.get('/api/contacts');
      expect(unpaged.body.nextCursor).toBeNull();
    });

    it('answers 404 for an unknown contact and 400 for an id that is not one', async () => {
      expect((await api.get('/api/contacts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await api.get('/api/contacts/nope')).status).toBe(400);
    });
  });

  describe('importing', () => {
    it('imports CSV: keeps good rows, reports every bad one with row number and reasons, updates by e-mail in any case', async () => {
      const existing = await api.post('/api/contacts', contact({ email: 'g.kovacs@mfa.gov.hu', fullName: 'Gabor Kovacs', stakeholderType: 'member_state', country: 'HU', language: 'ru', jobTitle: 'Counsellor' }));
      expect(existing.status).toBe(201);
      const csv = [
        'email,fullName,stakeholderType,country,organisation,jobTitle,language,timezone',
        'new.one@un.org,New One,un_entity,,UNOCT,Programme Officer,,America/New_York',
        'G.KOVACS@MFA.GOV.HU,Gábor Kovács,member_state,HU,"Ministry of Foreign Affairs and Trade, Hungary",,,',
        'broken-address,,member_state,,,,de,Mars/Base',
        'second.new@osce.org,"Second, New",regional_org,AT,OSCE,,fr,',
        'new.one@UN.org,Duplicate,un_entity,,,,,',
        'third@example.org,Third,press,,,,,',
      ].join('\r\n');
      const response = await api.post('/api/contacts/import', csv, { 'content-type': 'text/csv; charset=utf-8' });
      expect(response.status).toBe(200);
      expect(response.body.created).toBe(2);
      expect(response.body.updated).toBe(1);
      expect(response.body.rejected).toEqual([
        { row: 3, errors: expect.arrayContaining([expect.stringMatching(/^email: /), 'fullName: is required', 'country: is required', expect.stringMatching(/^language: /), expect.stringMatching(/^timezone: /)]) },
        { row: 5, errors: ['email: the same e-mail as row 1 of this import; give each person once'] },
        { row: 6, errors: [expect.stringMatching(/^stakeholderType: stakeholderType must be one of/)] },
      ]);
      expect(response.body.rejected[0].errors).toHaveLength(5);

      const updated = await api.get(`/api/contacts/${existing.body.id}`);
      expect(updated.body).toMatchObject({
        email: 'G.KOVACS@MFA.GOV.HU',
        fullName: 'Gábor Kovács',
        organisation: 'Ministry of Foreign Affairs and Trade, Hungary',
        // Empty cells keep what was stored.
        jobTitle: 'Counsellor',
        language: 'ru',
      });
      const created = (await api.get('/api/contacts?q=new.one@un.org')).body.items;
      expect(created).toEqual([expect.objectContaining({ fullName: 'New One', language: 'en', timezone: 'America/New_York', organisation: 'UNOCT' })]);
      expect((await api.get('/api/contacts?q=second.new')).body.items[0]).toMatchObject({ fullName: 'Second, New', language: 'fr', country: 'AT' });
      const count = await db.query(`SELECT count(*)::int AS n FROM contacts WHERE lower(email) = 'g.kovacs@mfa.gov.hu'`);
      expect(count.rows[0].n).toBe(1);
    });

    it('imports a JSON array, numbering rows from 1, and upserts on a second run', async () => {
      const rows = [
        { email: 'json.one@example.org', fullName: 'Json One', stakeholderType: 'academia', country: 'BR' },
        { email: 'json.two@example.org', fullName: 'Json Two', stakeholderType: 'member_state' },
        { email: 'json.three@example.org', fullName: 'Json Three', stakeholderType: 'private_sector', language: 'zh', colour: 'red' },
      ];
      const first = await api.post('/api/contacts/import', rows);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        created: 1,
        updated: 0,
        rejected: [
          { row: 2, errors: ['country: is required'] },
          { row: 3, errors: ['colour: unknown field; remove it'] },
        ],
      });
      const second = await api.post('/api/contacts/import', [{ ...rows[0], fullName: 'Json One Renamed', email: 'JSON.ONE@example.org' }, { ...rows[1], country: 'AR' }]);
      expect(second.body).toEqual({ created: 1, updated: 1, rejected: [] });
      expect((await api.get('/api/contacts?q=json.one')).body.items.map((c: any) => c.fullName)).toEqual(['Json One Renamed']);
    });

    it('refuses bodies it cannot read, saying what it expects', async () => {
      const notArray = await api.post('/api/contacts/import', { email: 'x@y.org' });
      expect(notArray.status).toBe(400);
      expect(notArray.body.message).toMatch(/text\/csv .* or as a JSON array/);
      const badHeader = await api.post('/api/contacts/import', 'mail,name\nx@y.org,X\n', CSV);
      expect(badHeader.status).toBe(400);
      expect(badHeader.body.message).toMatch(/unknown column "mail"/);
      const empty = await api.post('/api/contacts/import', '', CSV);
      expect(empty.status).toBe(400);
    });

    it('caps the size of a CSV body and says so', async () => {
      const huge = `email,fullName,stakeholderType\n${'x'.repeat(33 * 1024 * 1024)}\n`;
      const response = await api.post('/api/contacts/import', huge, CSV);
      expect(response.status).toBe(413);
      expect(response.body.message).toMatch(/at most 32 MiB as text\/csv or 10 MiB as JSON, and hold at most 100,000 rows; this one is 33\.0 MiB/);
      const bigJson = await api.post('/api/contacts/import', JSON.stringify([{ fullName: 'x'.repeat(11 * 1024 * 1024) }]), { 'content-type': 'application/json' });
      expect(bigJson.status).toBe(413);
      expect(bigJson.body.message).toMatch(/10 MiB as JSON/);
    });

    it('imports 20,000 CSV rows in one request (duration printed)', async () => {
      const lines = ['email,fullName,stakeholderType,organisation,country,language,timezone'];
      for (let i = 0; i < 20_000; i++) lines.push(`bulk${i}@ministry${i % 193}.example,Delegate ${i},member_state,Ministry ${i % 193},${['AT', 'BY', 'HU', 'TT', 'AE'][i % 5]},${['en', 'fr', 'ru', 'es', 'ar', 'zh'][i % 6]},Europe/Vienna`);
      const response = await api.post('/api/contacts/import', lines.join('\n'), CSV);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ created: 20_000, updated: 0, rejected: [] });
      const upsert = await api.post('/api/contacts/import', lines.join('\n'), CSV);
      expect(upsert.body).toEqual({ created: 0, updated: 20_000, rejected: [] });
    });
  });

  describe('erasure', () => {
    it('removes the personal data, keeps what reports count, and announces it', async () => {
      const created = await api.post('/api/contacts', {
        email: 'erase.me@mfa.gov.ae',
        fullName: 'Erase Me',
        stakeholderType: 'member_state',
        country: 'AE',
        language: 'ar',
        honorific: 'Dr.',
        jobTitle: 'Director',
        organisation: 'Ministry',
        gender: 'male',
        timezone: 'Asia/Dubai',
      });
      const id = created.body.id;
      const erased = await api.delete(`/api/contacts/${id}`);
      expect(erased.status).toBe(204);

      const read = await api.get(`/api/contacts/${id}`);
      expect(read.status).toBe(404);
      expect(read.body.message).toMatch(/was erased/);
      expect(read.text).not.toContain('erase.me');
      expect((await api.get('/api/contacts?q=erase.me')).body.items).toEqual([]);

      const { rows } = await db.query(`SELECT * FROM contacts WHERE id = $1`, [id]);
      expect(rows[0]).toMatchObject({
        email: null,
        full_name: null,
        honorific: null,
        job_title: null,
        organisation: null,
        gender: null,
        timezone: null,
        stakeholder_type: 'member_state',
        country: 'AE',
        language: 'ar',
        erased_at: expect.any(Date),
      });
      for (const personal of ['erase.me', 'Erase Me', 'Dr.', 'Director', 'Ministry', 'male', 'Asia/Dubai']) expect(JSON.stringify(rows[0])).not.toContain(personal);

      const events = await db.query(`SELECT type, aggregate_id, payload FROM outbox_events WHERE type = 'contact.erased' AND aggregate_id = $1`, [id]);
      expect(events.rows).toEqual([{ type: 'contact.erased', aggregate_id: id, payload: { contactId: id } }]);

      const twice = await api.delete(`/api/contacts/${id}`);
      expect(twice.status).toBe(404);
      expect((await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'contact.erased' AND aggregate_id = $1`, [id])).rows[0].n).toBe(1);
      expect((await api.delete('/api/contacts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('frees the old e-mail: importing it again creates a new contact', async () => {
      const created = await api.post('/api/contacts', contact({ email: 'comes.back@example.org' }));
      await api.delete(`/api/contacts/${created.body.id}`);
      const reimport = await api.post('/api/contacts/import', [contact({ email: 'Comes.Back@example.org' })]);
      expect(reimport.body).toEqual({ created: 1, updated: 0, rejected: [] });
      const found = (await api.get('/api/contacts?q=comes.back')).body.items;
      expect(found).toHaveLength(1);
      expect(found[0].id).not.toBe(created.body.id);
    });
  });

  describe('audiences', () => {
    let service: ContactsService;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      service = app.get(ContactsService);
      // A directory of its own inside the shared one: every person here has the audience.test domain.
      const people: Array<[string, string, string | undefined]> = [
        ['at-ms', 'member_state', 'AT'],
        ['ch-ms', 'member_state', 'CH'],
        ['by-ms', 'member_state', 'BY'],
        ['hu-cs', 'civil_society', 'HU'],
        ['tt-ms', 'member_state', 'TT'],
        ['br-ac', 'academia', 'BR'],
        ['ae-ms', 'member_state', 'AE'],
        ['us-ms', 'member_state', 'US'],
        ['un-nc', 'un_entity', undefined],
        ['gone', 'member_state', 'AT'],
      ];
      for (const [key, stakeholderType, country] of people) {
        const created = await api.post('/api/contacts', { email: `${key}@audience.test`, fullName: key, stakeholderType, ...(country ? { country } : {}) });
        expect(created.status).toBe(201);
        ids[key] = created.body.id;
      }
      await api.delete(`/api/contacts/${ids.gone}`);
    });

    /** Runs the subquery embedded the way the invitations module does, restricted to this block's people. */
    async function audience(criteria: AudienceCriteria): Promise<string[]> {
      const { sql, params } = service.audienceSubquery(criteria, 2);
      const { rows } = await db.query(`SELECT x.email FROM contacts x WHERE x.email LIKE $1 AND x.id IN (${sql}) ORDER BY x.email`, ['%@audience.test', ...params]);
      return rows.map((r) => r.email.replace('@audience.test', ''));
    }

    it('matches every criterion given, any value within one', async () => {
      expect(await audience({ stakeholderTypes: ['member_state'] })).toEqual(['ae-ms', 'at-ms', 'by-ms', 'ch-ms', 'tt-ms', 'us-ms']);
      expect(await audience({ stakeholderTypes: ['member_state', 'civil_society'], countries: ['HU', 'at'] })).toEqual(['at-ms', 'hu-cs']);
      expect(await audience({ stakeholderTypes: ['academia'], countries: ['AT'] })).toEqual([]);
      expect(await audience({ contactIds: [ids['br-ac'], ids['un-nc'], ids.gone] })).toEqual(['br-ac', 'un-nc']);
      expect(await audience({ contactIds: [ids['br-ac'], ids['un-nc']], stakeholderTypes: ['un_entity'] })).toEqual(['un-nc']);
    });

    it('expands M49 areas and regional groups to countries', async () => {
      expect(await audience({ regions: ['150'] })).toEqual(['at-ms', 'by-ms', 'ch-ms', 'hu-cs']);
      expect(await audience({ regions: ['419'] })).toEqual(['br-ac', 'tt-ms']);
      expect(await audience({ regions: ['145'] })).toEqual(['ae-ms']);
      expect(await audience({ regions: ['WEOG'] })).toEqual(['at-ms', 'ch-ms', 'us-ms']);
      expect(await audience({ regions: ['EASTERN_EUROPEAN', 'GRULAC'], stakeholderTypes: ['member_state'] })).toEqual(['by-ms', 'tt-ms']);
      // Regions and countries are two criteria: a contact must match both.
      expect(await audience({ regions: ['150'], countries: ['AT', 'TT'] })).toEqual(['at-ms']);
    });

    it('never matches erased contacts, and an empty criterion matches nobody', async () => {
      expect(await audience({})).not.toContain('gone');
      expect(await audience({})).toHaveLength(9);
      expect(await audience({ countries: [] })).toEqual([]);
      expect(await audience({ regions: ['999'] })).toEqual([]);
    });

    it('counts an audience and reports the problems of a bad one', async () => {
      const everyone = (await db.query(`SELECT count(*)::int AS n FROM contacts WHERE erased_at IS NULL`)).rows[0].n;
      expect(await service.countAudience({})).toBe(everyone);
      expect(await service.countAudience({ contactIds: [ids['at-ms'], ids['tt-ms'], ids.gone] })).toBe(2);
      expect(service.validateAudience({ regions: ['150', 'GRULAC'], countries: ['AT'], stakeholderTypes: ['member_state'] })).toEqual([]);
      expect(service.validateAudience({ regions: ['EUROPE'], countries: ['ZZ'], stakeholderTypes: ['press'], contactIds: ['1'] })).toHaveLength(4);
    });

    it('gives what a mailing needs, in one call, without erased contacts', async () => {
      const details = await service.mailingDetails([ids['at-ms'], ids['un-nc'], ids.gone, '00000000-0000-4000-8000-000000000000', 'junk']);
      expect(details.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
        { id: ids['at-ms'], email: 'at-ms@audience.test', fullName: 'at-ms', honorific: null, jobTitle: null, language: 'en', timezone: null, country: 'AT', organisation: null, stakeholderType: 'member_state' },
        { id: ids['un-nc'], email: 'un-nc@audience.test', fullName: 'un-nc', honorific: null, jobTitle: null, language: 'en', timezone: null, country: null, organisation: null, stakeholderType: 'un_entity' },
      ]);
      expect(await service.mailingDetails([])).toEqual([]);
    });
  });

  describe('roles', () => {
    it('lets a viewer read but not write', async () => {
      const key = await api.post('/api/keys', { name: 'contacts-viewer', role: 'viewer' });
      const viewer = api.as(key.body.key);
      expect((await viewer.get('/api/contacts')).status).toBe(200);
      expect((await viewer.post('/api/contacts', contact())).status).toBe(403);
      expect((await viewer.post('/api/contacts/import', [contact()])).status).toBe(403);
      expect((await viewer.post('/api/contacts/import', 'email,fullName,stakeholderType\n', CSV)).status).toBe(403);
      const someone = (await api.get('/api/contacts?limit=1')).body.items[0];
      expect((await viewer.delete(`/api/contacts/${someone.id}`)).status).toBe(403);
      expect((await api.get(`/api/contacts/${someone.id}`)).status).toBe(200);
      expect((await api.as(null).get('/api/contacts')).status).toBe(401);
    });
  });
});
