import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DdlParseError, loadAthenaDdl, parseAthenaDdl, stripLineComments } from '../lib/ddl';

const DDL_DIR = path.resolve(__dirname, '..', '..', 'sql', 'athena');

const SAMPLE = `-- Athena (engine 3) table: sample; with a comment's 'quote'
-- Replace \${OUTPUT_ROOT} before running
CREATE EXTERNAL TABLE IF NOT EXISTS sample (
  account_id string,
  \`rank\` int COMMENT '1 is best; -- not a comment',
  score DOUBLE,
  tags array< struct< name: string, weight: double > > COMMENT 'it''s nested',
  amount decimal(10, 2)
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION '\${OUTPUT_ROOT}/sample/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'storage.location.template' = '\${OUTPUT_ROOT}/sample/dt=\${dt}/'
);
`;

describe('parseAthenaDdl', () => {
  test('reads names, types (normalised) and comments in order; backticks and quoted text are handled', () => {
    const t = parseAthenaDdl(SAMPLE, 'sample.sql');
    expect(t.name).toBe('sample');
    expect(t.columns).toEqual([
      { name: 'account_id', type: 'string' },
      { name: 'rank', type: 'int', comment: '1 is best; -- not a comment' },
      { name: 'score', type: 'double' },
      { name: 'tags', type: 'array<struct<name:string,weight:double>>', comment: "it's nested" },
      { name: 'amount', type: 'decimal(10,2)' },
    ]);
    expect(t.partitionKeys).toEqual([{ name: 'dt', type: 'string' }]);
    expect(t.storedAs).toBe('parquet');
    expect(t.locationSuffix).toBe('sample/');
    expect(t.tblProperties).toEqual({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'storage.location.template': '${OUTPUT_ROOT}/sample/dt=${dt}/',
    });
  });

  test('an altered DDL gives altered columns (what makes the drift test fail)', () => {
    const base = parseAthenaDdl(SAMPLE).columns;
    const retyped = parseAthenaDdl(SAMPLE.replace('score DOUBLE', 'score float')).columns;
    const added = parseAthenaDdl(SAMPLE.replace('account_id string,', 'account_id string,\n  region string,')).columns;
    const renamed = parseAthenaDdl(SAMPLE.replace('score DOUBLE', 'points DOUBLE')).columns;
    expect(retyped).not.toEqual(base);
    expect(retyped[2]).toEqual({ name: 'score', type: 'float' });
    expect(added.map((c) => c.name)).toEqual(['account_id', 'region', 'rank', 'score', 'tags', 'amount']);
    expect(renamed[2].name).toBe('points');
  });

  test('line comments are removed outside quotes only', () => {
    expect(stripLineComments("a -- gone\nb '--kept' -- gone too")).toBe("a \nb '--kept' \n");
  });

  test.each([
    ['no CREATE EXTERNAL TABLE', SAMPLE.replace('CREATE EXTERNAL TABLE', 'CREATE TABLE'), /expected CREATE EXTERNAL TABLE/],
    ['two statements', SAMPLE + '\nDROP TABLE sample;', /exactly one statement/],
    ['unbalanced parentheses', SAMPLE.replace('amount decimal(10, 2)\n)', 'amount decimal(10, 2)\n'), /unbalanced|expected PARTITIONED BY/],
    ['a column without a type', SAMPLE.replace('score DOUBLE,', 'score,'), /cannot read column definition: score/],
    ['a duplicate column', SAMPLE.replace('score DOUBLE', 'account_id double'), /duplicate column account_id/],
    ['an odd type', SAMPLE.replace('score DOUBLE', 'score double precision'), /unexpected type/],
    ['no partition', SAMPLE.replace('PARTITIONED BY (dt string)\n', ''), /expected PARTITIONED BY/],
    ['a partition column that is a data column', SAMPLE.replace('PARTITIONED BY (dt string)', 'PARTITIONED BY (score string)'), /partition column score is also a data column/],
    ['another format', SAMPLE.replace('STORED AS PARQUET', 'STORED AS ORC'), /only STORED AS PARQUET/],
    ['a location outside the output root', SAMPLE.replace("LOCATION '${OUTPUT_ROOT}/sample/'", "LOCATION 's3://b/x/'"), /LOCATION must start with/],
    ['a bad table property', SAMPLE.replace("'projection.enabled' = 'true'", "'projection.enabled' true"), /cannot read table property/],
    ['text after TBLPROPERTIES', SAMPLE.replace(/\);\s*$/, ") WITH x;"), /unexpected text after TBLPROPERTIES/],
  ])('rejects %s', (_what, sql, message) => {
    expect(() => parseAthenaDdl(sql, 'x.sql')).toThrow(DdlParseError);
    expect(() => parseAthenaDdl(sql, 'x.sql')).toThrow(message);
  });
});

describe('loadAthenaDdl', () => {
  test('reads every sql/athena/*.sql of the project (not examples/), named after its table', () => {
    const files = fs.readdirSync(DDL_DIR).filter((f) => f.endsWith('.sql')).sort();
    const tables = loadAthenaDdl(DDL_DIR);
    expect(tables.map((t) => `${t.name}.sql`)).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['investigations.sql', 'next_steps.sql', 'recommendations.sql', 'runs.sql']));
    for (const t of tables) {
      expect(t.partitionKeys).toEqual([{ name: 'dt', type: 'string' }]);
      expect(t.locationSuffix).toBe(`${t.name}/`);
      expect(t.tblProperties['projection.enabled']).toBe('true');
      expect(t.tblProperties['projection.dt.type']).toBe('date');
      expect(t.tblProperties['storage.location.template']).toBe(`\${OUTPUT_ROOT}/${t.name}/dt=\${dt}/`);
    }
  });

  test('fails on a file whose name is not its table, and on a directory without DDL', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddl-'));
    try {
      expect(() => loadAthenaDdl(dir)).toThrow(/no \*\.sql files/);
      fs.writeFileSync(path.join(dir, 'other.sql'), SAMPLE);
      expect(() => loadAthenaDdl(dir)).toThrow(/file name says table other, the statement creates sample/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(() => loadAthenaDdl(path.join(dir, 'missing'))).toThrow(/not found/);
  });
});
