import * as fs from 'fs';
import * as path from 'path';

/**
 * Reads the project's Athena DDL (`sql/athena/<table>.sql`, one CREATE EXTERNAL TABLE a file) so
 * the Glue tables of the stack are generated from the very same column lists. The parser knows the
 * subset of Athena (Hive) DDL these files use and fails loudly on anything else, so a DDL change it
 * does not understand stops the synth instead of producing a table that silently differs.
 */

export interface DdlColumn {
  /** lower-case, without backticks (Glue stores names in lower case) */
  readonly name: string;
  /** Hive type as Glue stores it: lower case, no blanks, e.g. `array<struct<step:string,seconds:double>>` */
  readonly type: string;
  readonly comment?: string;
}

export interface DdlTable {
  readonly name: string;
  readonly columns: DdlColumn[];
  readonly partitionKeys: DdlColumn[];
  /** the storage format after STORED AS, lower case (only `parquet` is accepted) */
  readonly storedAs: string;
  /** LOCATION relative to the output root: `alert_stats/` for `${OUTPUT_ROOT}/alert_stats/` */
  readonly locationSuffix: string;
  /** TBLPROPERTIES in file order; values still hold `${OUTPUT_ROOT}` (and Athena's `${dt}`) */
  readonly tblProperties: Record<string, string>;
}

export const OUTPUT_ROOT_PLACEHOLDER = '${OUTPUT_ROOT}';

export class DdlParseError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'DdlParseError';
  }
}

/** Removes `-- ...` comments that are outside quoted strings and backticks. */
export function stripLineComments(sql: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      out += c;
      if (c === quote) {
        // '' inside a quoted string is an escaped quote
        if (quote === "'" && sql[i + 1] === "'") {
          out += sql[++i];
        } else {
          quote = null;
        }
      }
      continue;
    }
    if (c === "'" || c === '`' || c === '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      out += '\n';
      continue;
    }
    out += c;
  }
  return out;
}

function hasUnquotedSemicolon(text: string): boolean {
  let quote: string | null = null;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '`' || c === '"') {
      quote = c;
    } else if (c === ';') {
      return true;
    }
  }
  return false;
}

/** Index of the parenthesis that closes the one at `open`, skipping quoted text. */
function matchingParen(text: string, open: number, source: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '`' || c === '"') {
      quote = c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new DdlParseError(source, `unbalanced parenthesis opened at offset ${open}`);
}

/** Splits on commas that are not inside <>, () or quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const c of text) {
    if (quote) {
      current += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '`' || c === '"') quote = c;
    else if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((p) => p.trim());
}

const IDENT = '(?:`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)';
const COLUMN_RE = new RegExp(`^(${IDENT})\\s+(.+?)(?:\\s+COMMENT\\s+'((?:[^']|'')*)')?$`, 'is');
const TYPE_RE = /^[a-z][a-z0-9_]*(?:\(\d+(?:,\d+)?\))?(?:<[a-z0-9_:<>,()]+>)?$/;

function unquoteIdent(ident: string): string {
  return (ident.startsWith('`') ? ident.slice(1, -1) : ident).toLowerCase();
}

function parseColumns(list: string, source: string, what: string): DdlColumn[] {
  const columns: DdlColumn[] = [];
  for (const part of splitTopLevel(list)) {
    const m = COLUMN_RE.exec(part.replace(/\s+/g, ' ').trim());
    if (!m) throw new DdlParseError(source, `cannot read ${what} definition: ${part}`);
    const name = unquoteIdent(m[1]);
    // blanks around < > , ( ) : are layout; any other blank (`double precision`) is not a Hive type
    const type = m[2].replace(/\s*([<>,():])\s*/g, '$1').toLowerCase();
    if (!TYPE_RE.test(type)) throw new DdlParseError(source, `column ${name}: unexpected type '${m[2]}'`);
    if (columns.some((c) => c.name === name)) throw new DdlParseError(source, `duplicate column ${name}`);
    const comment = m[3] === undefined ? undefined : m[3].replace(/''/g, "'");
    columns.push(comment === undefined ? { name, type } : { name, type, comment });
  }
  if (columns.length === 0) throw new DdlParseError(source, `no ${what}s`);
  return columns;
}

function parseProperties(list: string, source: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const part of splitTopLevel(list)) {
    const m = /^'([^']+)'\s*=\s*'((?:[^']|'')*)'$/s.exec(part);
    if (!m) throw new DdlParseError(source, `cannot read table property: ${part}`);
    if (m[1] in props) throw new DdlParseError(source, `duplicate table property ${m[1]}`);
    props[m[1]] = m[2].replace(/''/g, "'");
  }
  return props;
}

/**
 * Parses one `CREATE EXTERNAL TABLE` statement of the form used in `sql/athena/`:
 * columns, PARTITIONED BY, STORED AS PARQUET, LOCATION '${OUTPUT_ROOT}/<dir>/', TBLPROPERTIES.
 */
export function parseAthenaDdl(sql: string, source = '<ddl>'): DdlTable {
  const text = stripLineComments(sql).trim().replace(/;\s*$/, '');
  if (hasUnquotedSemicolon(text)) throw new DdlParseError(source, 'expected exactly one statement');

  const head = new RegExp(`^CREATE\\s+EXTERNAL\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(${IDENT})\\s*\\(`, 'i').exec(text);
  if (!head) throw new DdlParseError(source, 'expected CREATE EXTERNAL TABLE <name> (');
  const name = unquoteIdent(head[1]);
  const colsOpen = head[0].length - 1;
  const colsClose = matchingParen(text, colsOpen, source);
  const columns = parseColumns(text.slice(colsOpen + 1, colsClose), source, 'column');

  let rest = text.slice(colsClose + 1).trim();

  const part = /^PARTITIONED\s+BY\s*\(/i.exec(rest);
  if (!part) throw new DdlParseError(source, 'expected PARTITIONED BY (...) after the columns');
  const partClose = matchingParen(rest, part[0].length - 1, source);
  const partitionKeys = parseColumns(rest.slice(part[0].length, partClose), source, 'partition column');
  rest = rest.slice(partClose + 1).trim();

  const stored = /^STORED\s+AS\s+([A-Za-z]+)\s*/i.exec(rest);
  if (!stored) throw new DdlParseError(source, 'expected STORED AS <format>');
  const storedAs = stored[1].toLowerCase();
  if (storedAs !== 'parquet') throw new DdlParseError(source, `only STORED AS PARQUET is supported, got ${stored[1]}`);
  rest = rest.slice(stored[0].length).trim();

  const loc = /^LOCATION\s+'([^']*)'\s*/i.exec(rest);
  if (!loc) throw new DdlParseError(source, "expected LOCATION '...'");
  if (!loc[1].startsWith(`${OUTPUT_ROOT_PLACEHOLDER}/`)) {
    throw new DdlParseError(source, `LOCATION must start with ${OUTPUT_ROOT_PLACEHOLDER}/, got ${loc[1]}`);
  }
  const locationSuffix = loc[1].slice(OUTPUT_ROOT_PLACEHOLDER.length + 1);
  rest = rest.slice(loc[0].length).trim();

  const props = /^TBLPROPERTIES\s*\(/i.exec(rest);
  if (!props) throw new DdlParseError(source, 'expected TBLPROPERTIES (...)');
  const propsClose = matchingParen(rest, props[0].length - 1, source);
  const tblProperties = parseProperties(rest.slice(props[0].length, propsClose), source);
  if (rest.slice(propsClose + 1).trim() !== '') {
    throw new DdlParseError(source, `unexpected text after TBLPROPERTIES: ${rest.slice(propsClose + 1).trim()}`);
  }

  for (const col of partitionKeys) {
    if (columns.some((c) => c.name === col.name)) {
      throw new DdlParseError(source, `partition column ${col.name} is also a data column`);
    }
  }
  return { name, columns, partitionKeys, storedAs, locationSuffix, tblProperties };
}

/** Default location of the DDL, relative to this file: `<repo>/sql/athena/`. */
export const DEFAULT_DDL_DIR = path.resolve(__dirname, '..', '..', 'sql', 'athena');

/** Reads every `*.sql` directly in `dir` (not `examples/`), sorted by file name. */
export function loadAthenaDdl(dir: string = DEFAULT_DDL_DIR): DdlTable[] {
  if (!fs.existsSync(dir)) throw new Error(`Athena DDL directory not found: ${dir}`);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql') && fs.statSync(path.join(dir, f)).isFile())
    .sort();
  if (files.length === 0) throw new Error(`no *.sql files in ${dir}`);
  return files.map((f) => {
    const table = parseAthenaDdl(fs.readFileSync(path.join(dir, f), 'utf8'), f);
    const expected = path.basename(f, '.sql');
    if (table.name !== expected) {
      throw new DdlParseError(f, `file name says table ${expected}, the statement creates ${table.name}`);
    }
    return table;
  });
}
