import { ROLES, type OrgKind, type Role } from '../../../server/contract/constants';
import i18next from 'i18next';
import { activeLocale, intlLocale, perLocale } from './locale';

export { ROLES, ROLE_ORG_KIND, PASSWORD_MIN } from '../../../server/contract/constants';

/** A role in words, in the interface's language (the shell's catalog names the roles). */
export function roleLabel(role: Role): string {
  const labels: Record<Role, string> = {
    student: i18next.t('shell:roles.student'),
    teacher: i18next.t('shell:roles.teacher'),
    author: i18next.t('shell:roles.author'),
    reviewer: i18next.t('shell:roles.reviewer'),
    mentor: i18next.t('shell:roles.mentor'),
    admin: i18next.t('shell:roles.admin'),
  };
  return labels[role];
}

export function orgKindLabel(kind: OrgKind): string {
  return kind === 'school' ? i18next.t('components:orgKind.school') : i18next.t('components:orgKind.enterprise');
}

/** A reviewer with the lead flag: moderates disagreements, reads agreement, keeps the calibration set. */
export function leadReviewerLabel(): string {
  return i18next.t('shell:roles.leadReviewer');
}

/** One membership's role as people say it: a reviewer who leads is a lead reviewer. */
export function membershipLabel(m: { role: Role; lead?: boolean | undefined }): string {
  return m.role === 'reviewer' && m.lead ? leadReviewerLabel() : roleLabel(m.role);
}

/** A role someone holds, in words: "Lead reviewer" when they lead review in any enterprise. */
export function roleLabelFor(role: Role, memberships: readonly { role: Role; lead?: boolean | undefined }[]): string {
  return role === 'reviewer' && memberships.some((m) => m.role === 'reviewer' && m.lead) ? leadReviewerLabel() : roleLabel(role);
}

/** Runs the installation; not a role in any organisation. */
export function operatorLabel(): string {
  return i18next.t('shell:roles.operator');
}

/** A label inside a sentence: "lead reviewer" in English; scripts without case are left alone. */
export function inSentence(label: string): string {
  return label.toLocaleLowerCase(intlLocale());
}

export function sortRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

const cachedFormat = (options: Intl.DateTimeFormatOptions) => perLocale((locale) => new Intl.DateTimeFormat(locale, options));
const cachedNumber = (options: Intl.NumberFormatOptions) => perLocale((locale) => new Intl.NumberFormat(locale, options));

/** A timestamp through one of the formats; a text that is no date is shown as it came. */
function formatIso(iso: string, format: () => Intl.DateTimeFormat): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format().format(date);
}

const dateFormat = cachedFormat({ dateStyle: 'medium' });

/** A date in the interface's language: "Dec 7, 2026" / "2026年12月7日". */
export function formatDate(iso: string): string {
  return formatIso(iso, dateFormat);
}

export { plural } from '../../../server/contract/plural';

const dateTimeFormat = cachedFormat({ dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  return formatIso(iso, dateTimeFormat);
}

/** 0.8333 → "83 %" in English, "83%" in Chinese (auto scores are fractions): formatProportion, whole. */
export function formatScore(fraction: number): string {
  return formatProportion(fraction);
}

const percentNumbers = [cachedNumber({ maximumFractionDigits: 0 }), cachedNumber({ maximumFractionDigits: 1 })];
const proportionFormats = [cachedNumber({ style: 'percent', maximumFractionDigits: 0 }), cachedNumber({ style: 'percent', maximumFractionDigits: 1 })];

/** A fraction as a whole percentage in the interface's language: 0.8333 → "83%". */
export function formatPercent(fraction: number): string {
  return proportionFormats[0]!().format(fraction);
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
  return formatIso(iso, timeFormat);
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
  if (ms <= 0) return i18next.t('components:time.noTimeLeft');
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return i18next.t('components:time.underMinute');
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return i18next.t('components:time.minutes', { m });
  return m > 0 ? i18next.t('components:time.hoursMinutes', { h, m }) : i18next.t('components:time.hours', { h });
}

/** "just now", "3 min ago", "2 h ago", then the date. */
export function formatAgo(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (ms < 45_000) return i18next.t('components:time.justNow');
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return i18next.t('components:time.minutesAgo', { minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 24) return i18next.t('components:time.hoursAgo', { hours });
  return formatDateTime(iso);
}

/** "A, B and C" / "A、B和C": a list read as a sentence. */
export function formatList(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return new Intl.ListFormat(intlLocale(), { style: 'long', type }).format(items);
}

/** "A, B, C" / "A、B、C": a list of names without "and". */
export function joinList(items: readonly string[]): string {
  return items.join(intlLocale().startsWith('zh') ? '、' : ', ');
}

/**
 * A fraction as a percentage in the interface's language: 0.724 → "72 %" in English (the
 * product's spaced style, as formatScore writes it), "72%" in Chinese (Intl's); with `decimals`
 * 1, 0.625 → "62.5 %". null (no value) → "—".
 */
export function formatProportion(fraction: number | null, decimals: 0 | 1 = 0): string {
  if (fraction === null || Number.isNaN(fraction)) return '—';
  if (activeLocale() === 'en') return `${percentNumbers[decimals]!().format(Number((fraction * 100).toFixed(decimals)))} %`;
  return proportionFormats[decimals]!().format(fraction);
}

const dayFormat = cachedFormat({ dateStyle: 'medium', timeZone: 'UTC' });

/** "2026-11-27" → "Nov 27, 2026" / "2026年11月27日": a calendar day, read in UTC so no time zone moves it. */
export function formatDay(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormat().format(date);
}
