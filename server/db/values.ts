/**
 * Small converters that hide the two drivers' differences in what they hand back:
 * SQLite returns 0/1 for booleans and epoch milliseconds for dates, PostgreSQL real types.
 */
export function toDate(value: Date | number | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
}

export function toIso(value: Date | number | string | null | undefined): string | null {
  return toDate(value)?.toISOString() ?? null;
}

export function toBool(value: boolean | number | string | null | undefined): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}
