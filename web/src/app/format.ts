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

const percentFormat = (() => {
  const byLocale = new Map<string, Intl.NumberFormat>();
  return () => {
    const locale = intlLocale();
    let format = byLocale.get(locale);
    if (!format) byLocale.set(locale, (format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })));
    return format;
  };
})();

/**
 * 0.8333 → "83 %" (auto scores are fractions), a whole percent. English keeps the product's
 * spaced "83 %"; other languages get Intl's own ("83%" in Chinese).
 */
export function formatScore(fraction: number): string {
  const whole = Math.round(fraction * 100);
  return activeLocale() === 'en' ? `${whole} %` : percentFormat().format(whole / 100);
}

/** A list in the interface's language: "a, b, and c" / "a、b和c". */
export function formatList(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return new Intl.ListFormat(intlLocale(), { style: 'long', type }).format(items);
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

/** The words for "no time" and "less than a minute"; the rest is Intl's units. */
const TIME_LEFT_WORDS: Record<string, { none: string; underMinute: string }> = {
  en: { none: 'no time left', underMinute: 'under a minute' },
  'zh-CN': { none: '没有剩余时间', underMinute: '不到 1 分钟' },
};

/**
 * Time left in words, for text that is read rather than watched: "1 h 5 min", "4 min", "under a
 * minute"; in Chinese "1小时5分钟", "4分钟", "不到 1 分钟" (Intl unit formats).
 */
export function formatTimeLeft(ms: number): string {
  const locale = activeLocale();
  const words = TIME_LEFT_WORDS[locale] ?? TIME_LEFT_WORDS.en!;
  if (ms <= 0) return words.none;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return words.underMinute;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (locale === 'en') return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} min`;
  const unit = (value: number, u: 'hour' | 'minute') => new Intl.NumberFormat(intlLocale(), { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
  return h > 0 ? `${unit(h, 'hour')}${m > 0 ? unit(m, 'minute') : ''}` : unit(m, 'minute');
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
