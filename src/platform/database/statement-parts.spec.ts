import { composeStatement } from './statement-parts';

describe('composeStatement', () => {
  it('renumbers each part after the values of the parts before it, skipping absent parts', () => {
    const { text, values } = composeStatement(
      [
        { with: [['a', 'INSERT INTO t (x, y) SELECT * FROM unnest($1::int[], $2::text[]) RETURNING x']], values: [[1], ['one']] },
        null,
        {
          with: [
            ['b_input', 'SELECT * FROM unnest($1::uuid[]) AS u(id)'],
            ['b', 'UPDATE u SET at = $2::timestamptz, n = $12 FROM b_input WHERE u.id = b_input.id RETURNING u.id'],
          ],
          values: [['id'], 'now'],
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

  it('is the select alone when no part has anything to write', () => {
    expect(composeStatement([null], 'SELECT 1')).toEqual({ text: 'SELECT 1', values: [] });
  });
});
