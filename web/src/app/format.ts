import { ROLES, type OrgKind, type Role } from '../../../server/contract/constants';
import { activeLocale, intlLocale } from './locale';

export { ROLES, ROLE_ORG_KIND, PASSWORD_MIN } from '../../../server/contract/constants';

export const ROLE_LABEL: Record<Role, string> = {
  student: 'Student',
  teacher: 'Teacher',
  author: 'Author',
  reviewer: 'Reviewer',
  admin: 'Administrator',
};

export const ORG_KIND_LABEL: Record<OrgKind, string> = { school: 'School', enterprise: 'Enterprise' };

/** A reviewer with the lead flag: moderates disagreements, reads agreement, keeps the calibration set. */
export const LEAD_REVIEWER_LABEL = 'Lead reviewer';

/** One membership's role as people say it: a reviewer who leads is a lead reviewer. */
export function membershipLabel(m: { role: Role; lead?: boolean | undefined }): string {
  return m.role === 'reviewer' && m.lead ? LEAD_REVIEWER_LABEL : ROLE_LABEL[m.role];
}

/** A role someone holds, in words: "Lead reviewer" when they lead review in any enterprise. */
export function roleLabelFor(role: Role, memberships: readonly { role: Role; lead?: boolean | undefined }[]): string {
  return role === 'reviewer' && memberships.some((m) => m.role === 'reviewer' && m.lead) ? LEAD_REVIEWER_LABEL : ROLE_LABEL[role];
}

/** Runs the installation; not a role in any organisation. */
export const OPERATOR_LABEL = 'Platform operator';

export function sortRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

/** One formatter per locale and style, made on first use: Intl formatters are costly to build. */
function cachedFormat(options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  const byLocale = new Map<string, Intl.DateTimeFormat>();
  return () => {
    const locale = intlLocale();
    let format = byLocale.get(locale);
    if (!format) byLocale.set(locale, (format = new Intl.DateTimeFormat(locale, options)));
    return format;
  };
}

const dateFormat = cachedFormat({ dateStyle: 'medium' });

/** A date in the interface's language: "Dec 7, 2026" / "2026年12月7日". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat().format(date);
}

export { plural } from '../../../server/contract/plural';

const dateTimeFormat = cachedFormat({ dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat().format(date);
}

/** 0.8333 → "83 %" (auto scores are fractions). */
export function formatScore(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** A countdown: "1:05:09", "24:13", "0:09". */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Time left in words, for text that is read rather than watched: "1 h 5 min", "4 min", "under a minute". */
export function formatTimeLeft(ms: number): string {
  if (ms <= 0) return 'no time left';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} min`;
}

/** "just now", "3 min ago", "2 h ago", then the date. */
export function formatAgo(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (ms < 45_000) return 'just now';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return formatDateTime(iso);
}

/** One Intl formatter per locale and options key, made on first use. */
function cachedNumber(options: Intl.NumberFormatOptions): () => Intl.NumberFormat {
  const byLocale = new Map<string, Intl.NumberFormat>();
  return () => {
    const locale = intlLocale();
    let format = byLocale.get(locale);
    if (!format) byLocale.set(locale, (format = new Intl.NumberFormat(locale, options)));
    return format;
  };
}

const percentNumbers = [cachedNumber({ maximumFractionDigits: 0 }), cachedNumber({ maximumFractionDigits: 1 })];
const percentFormats = [cachedNumber({ style: 'percent', maximumFractionDigits: 0 }), cachedNumber({ style: 'percent', maximumFractionDigits: 1 })];

/**
 * A fraction as a percentage in the interface's language: 0.724 → "72 %" in English (the
 * product's spaced style, as formatScore writes it), "72%" in Chinese (Intl's); with `decimals`
 * 1, 0.625 → "62.5 %". null (no value) → "—".
 */
export function formatPercent(fraction: number | null, decimals: 0 | 1 = 0): string {
  if (fraction === null || Number.isNaN(fraction)) return '—';
  if (activeLocale() === 'en') return `${percentNumbers[decimals]!().format(Number((fraction * 100).toFixed(decimals)))} %`;
  return percentFormats[decimals]!().format(fraction);
}

const numberFormat = cachedNumber({ maximumFractionDigits: 2 });

/** A plain number in the interface's language (grouping, decimal sign): 1234.5 → "1,234.5". */
export function formatNumber(value: number): string {
  return numberFormat().format(value);
}

const dayFormat = cachedFormat({ dateStyle: 'medium', timeZone: 'UTC' });

/** "2026-11-27" → "Nov 27, 2026" / "2026年11月27日": a calendar day, read in UTC so no time zone moves it. */
export function formatDay(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormat().format(date);
}
