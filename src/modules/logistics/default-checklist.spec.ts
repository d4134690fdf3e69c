import { defaultChecklist } from './default-checklist';

describe('defaultChecklist', () => {
  it('dates each task back from the start, with interpretation into every working language', () => {
    const tasks = defaultChecklist('2027-03-05', ['en', 'fr', 'ru']);
    const due = Object.fromEntries(tasks.map((t) => [t.title, t.dueOn]));
    expect(due).toMatchObject({
      'Venue contract signed': '2026-11-05',
      'Security plan': '2027-02-03',
      'Accreditation desk': '2027-02-26',
      'Interpretation: English': '2027-01-19',
      'Interpretation: French': '2027-01-19',
      'Interpretation: Russian': '2027-01-19',
    });
    expect(tasks.map((t) => t.dueOn)).toEqual([...tasks.map((t) => t.dueOn)].sort());
    expect(new Set(tasks.map((t) => t.key)).size).toBe(tasks.length);
  });
});
