import type { AuditEntryViewT } from '../contract/audit';
import { hasMessage, msg, render, type MessageLocale } from '../messages';

/**
 * The audit log as CSV for a spreadsheet: UTF-8 with a byte order mark (Excel reads Chinese
 * right only with it), headers and action names in the reader's language, CRLF lines.
 */

/** Quotes when needed; a cell starting = + - @ (or a tab or return) would run as a formula, so it gets a leading '. */
export function csvCell(value: string | null): string {
  const s = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const COLUMNS = ['at', 'actor', 'actorId', 'organisation', 'action', 'actionName', 'targetKind', 'targetId', 'targetName', 'ip', 'detail'] as const;

export function actionTitle(action: string, locale: MessageLocale): string {
  const key = `audit.action.${action}`;
  return hasMessage(key, locale) ? render(msg(key), locale) : action;
}

export const auditCsvHeader = (locale: MessageLocale): string =>
  `\uFEFF${COLUMNS.map((c) => csvCell(render(msg(`csv.audit.${c}`), locale))).join(',')}\r\n`;

export function auditCsvLine(e: AuditEntryViewT, locale: MessageLocale): string {
  const cells = [e.at, e.actorLabel, e.actorId, e.orgId, actionTitle(e.action, locale), e.action, e.targetKind, e.targetId, e.targetLabel, e.ip, e.detail ? JSON.stringify(e.detail) : null];
  return `${cells.map(csvCell).join(',')}\r\n`;
}
