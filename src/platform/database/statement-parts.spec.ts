import { composeStatement } from './statement-parts';

describe('composeStatement', () => {
  it('renumbers each part after the values of the parts before it, skipping absent parts', () => {
    const { text, values } = composeStatement(
      [
        { with: [['a', 'INSERT INTO t (x, y) SELECT * FROM unnest($1::int[], $2::text[]) RETURNING x']], values: [[1], ['one']], yields: 'a' },
        null,
        {
          with: [
            ['b_input', 'SELECT * FROM unnest($1::uuid[]) AS u(id)'],
            ['b', 'UPDATE u SET at = $2::timestamptz, n = $12 FROM b_input WHERE u.id = b_input.id RETURNING u.id'],
          ],
          values: [['id'], 'now'],
          yields: 'b',
        },
      ],
      'SELECT (SELECT count(*) FROM a) AS a, (SELECT count(*) FROM b) AS b',
    );
    expect(text).toBe(
      [
        'WITH a AS (INSERT INTO t (x, y) SELECT * FROM unnest($1::int[], $2::text[]) RETURNING x),',
        'b_input AS (SELECT * FROM unnest($3::uuid[]) AS u(id)),',
        'b AS (UPDATE u SET at = $4::timestamptz, n = $14 FROM b_input WHERE u.id = b_input.id RETURNING u.id)',
        'SELECT (SELECT count(*) FROM a) AS a, (SELECT count(*) FROM b) AS b',
      ].join('\n'),
    );
    expect(values).toEqual([[1], ['one'], ['id'], 'now']);
  });

  it('numbers a part by where it stands in each statement, however often it was composed before', () => {
    const part = { with: [['p', 'SELECT $1::int, $2::int'] as [string, string]], values: [1, 2], yields: 'p' };
    const before = { with: [['q', 'SELECT $1::text'] as [string, string]], values: ['x'], yields: 'q' };
    expect(composeStatement([part], 'SELECT 1').text).toBe('WITH p AS (SELECT $1::int, $2::int)\nSELECT 1');
    expect(composeStatement([before, part], 'SELECT 1').text).toBe('WITH q AS (SELECT $1::text),\np AS (SELECT $2::int, $3::int)\nSELECT 1');
    expect(composeStatement([part], 'SELECT 1').text).toBe('WITH p AS (SELECT $1::int, $2::int)\nSELECT 1');
  });

  it('is the select alone when no part has anything to write', () => {
    expect(composeStatement([null], 'SELECT 1')).toEqual({ text: 'SELECT 1', values: [] });
  });

  it('leaves a read-only statement to the planner as one join when asked to inline it', () => {
    const { text } = composeStatement([{ with: [['a', 'SELECT id FROM t WHERE c = $1']], values: ['c1'], yields: 'a' }], 'SELECT * FROM a JOIN a AS b USING (id)', { inline: true });
    expect(text).toBe('WITH a AS NOT MATERIALIZED (SELECT id FROM t WHERE c = $1)\nSELECT * FROM a JOIN a AS b USING (id)');
  });
});
