import { parse } from 'csv-parse/sync';
import { IMPORT_MAX_LINES } from '../../contract/accountImports';
import { errors } from '../../http/errors';
import { msg } from '../../messages';

/**
 * Reading an account list: bytes → text → rows with their line numbers. Spreadsheets are where
 * these lists come from, so the reader takes what Excel writes: "CSV UTF-8" (with a BOM), plain
 * UTF-8, and — what Chinese Excel's plain "CSV" saves — GB18030 (a superset of GBK).
 */

export type ImportEncoding = 'utf-8' | 'gb18030';
export type Column = 'email' | 'name' | 'role' | 'class';

/** Header cells we read, in English or Chinese (case, spaces and a trailing "*" or "(…)" ignored). */
const HEADERS = new Map<string, Column>(Object.entries({
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  邮箱: 'email',
  电子邮箱: 'email',
  电子邮件: 'email',
  name: 'name',
  'full name': 'name',
  姓名: 'name',
  名字: 'name',
  role: 'role',
  角色: 'role',
  身份: 'role',
  class: 'class',
  班级: 'class',
} satisfies Record<string, Column>));
const REQUIRED: Column[] = ['email', 'name', 'role'];

export type CsvRow = { line: number; email: string; name: string; role: string; className: string };
export type CsvFile = { encoding: ImportEncoding; ignoredColumns: string[]; rows: CsvRow[] };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function decode(bytes: Uint8Array): { text: string; encoding: ImportEncoding } {
  // A NUL byte never occurs in a text CSV: this is a workbook (.xlsx is a zip), UTF-16 or an image.
  if (bytes.includes(0)) throw errors.validation(msg('accountImport.notCsv'));
  const bom = UTF8_BOM.every((b, i) => bytes[i] === b);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: GB18030 decodes every GBK file (and any byte sequence), so it is the one other guess.
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

const headerKey = (cell: string) =>
  cell
    .trim()
    .toLowerCase()
    .replace(/\s*[*＊]$/, '')
    .replace(/\s*[(（].*[)）]$/, '')
    .replace(/\s+/g, ' ');

type Record_ = { record: string[]; info: { lines: number }; raw: string };

/**
 * The line a record starts on, as an editor numbers them. csv-parse counts the line a record ends
 * on; a quoted cell may span lines, and skipped empty lines come first in the record's raw text.
 */
function startLine(r: Record_): number {
  const spans = r.raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g)?.length ?? 0;
  return r.info.lines - spans;
}

export function readCsv(bytes: Uint8Array): CsvFile {
  const { text, encoding } = decode(bytes);
  let records: Record_[];
  try {
    // One line ending (Excel writes CRLF): csv-parse then counts lines as an editor does.
    records = parse(text.replace(/\r\n?/g, '\n'), { info: true, raw: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as Record_[];
  } catch (err) {
    const line = Number((err as { lines?: number }).lines) || 1;
    throw errors.validation(msg('accountImport.malformed', { line }));
  }
  // Lines that hold nothing but commas (a spreadsheet's empty rows) are no accounts.
  records = records.filter((r) => r.record.some((cell) => cell !== ''));
  const [header, ...body] = records;
  if (!header || body.length === 0) throw errors.validation(msg('accountImport.empty'));
  if (body.length > IMPORT_MAX_LINES) throw errors.validation(msg('accountImport.tooManyLines', { lines: body.length, max: IMPORT_MAX_LINES }));

  const index = new Map<Column, number>();
  const ignoredColumns: string[] = [];
  header.record.forEach((cell, i) => {
    const column = HEADERS.get(headerKey(cell));
    if (!column) {
      if (cell) ignoredColumns.push(cell);
    } else if (index.has(column)) throw errors.validation(msg('accountImport.duplicateColumn', { column: cell }));
    else index.set(column, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) throw errors.validation(msg('accountImport.missingColumns', { columns: missing.join(', ') }));

  const cell = (r: Record_, c: Column) => (index.has(c) ? (r.record[index.get(c)!] ?? '') : '');
  const rows = body.map((r) => ({
    line: startLine(r),
    email: cell(r, 'email'),
    name: cell(r, 'name'),
    role: cell(r, 'role'),
    className: cell(r, 'class'),
  }));
  return { encoding, ignoredColumns, rows };
}
