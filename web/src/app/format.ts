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

/** 0.8333 → "83 %" in English, "83%" in Chinese (auto scores are fractions). */
export function formatScore(fraction: number): string {
  return activeLocale() === 'en' ? `${Math.round(fraction * 100)} %` : formatPercent(fraction);
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** A fraction as a whole percentage in the interface's language: 0.8333 → "83%". */
export function formatPercent(fraction: number): string {
  const locale = intlLocale();
  let format = percentFormats.get(locale);
  if (!format) percentFormats.set(locale, (format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })));
  return format.format(fraction);
}

/** A number with at most `digits` decimals, grouped the reader's way: 1234.5 → "1,234.5". */
export function formatNumber(n: number, digits = 2): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

/** A number with exactly `digits` decimals: kappa 0.61 → "0.61". */
export function formatDecimal(n: number, digits = 2): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

const timeFormat = cachedFormat({ hour: '2-digit', minute: '2-digit' });

/** A time of day: "14:05" (24-hour in Chinese; the English reader's own clock). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat().format(date);
}

/** "3 分钟", "1 小时": a unit amount in the interface's language (not English, which keeps its own words). */
function unitAmount(n: number, unit: 'hour' | 'minute'): string {
  return new Intl.NumberFormat(intlLocale(), { style: 'unit', unit, unitDisplay: 'long' }).format(n);
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
  const en = activeLocale() === 'en';
  if (ms <= 0) return en ? 'no time left' : '时间已到';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return en ? 'under a minute' : '不到 1 分钟';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!en) return h > 0 ? `${unitAmount(h, 'hour')}${m > 0 ? unitAmount(m, 'minute') : ''}` : unitAmount(m, 'minute');
  return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} min`;
}

/** "just now", "3 min ago", "2 h ago", then the date. */
export function formatAgo(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const en = activeLocale() === 'en';
  if (ms < 45_000) return en ? 'just now' : '刚刚';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return en ? `${minutes} min ago` : relative(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return en ? `${hours} h ago` : relative(-hours, 'hour');
  return formatDateTime(iso);
}

/** "3分钟前": Intl's relative time in the interface's language. */
function relative(n: number, unit: 'minute' | 'hour'): string {
  return new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'always' }).format(n, unit);
}
