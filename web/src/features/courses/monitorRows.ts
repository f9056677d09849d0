import type { MonitorRow } from '../../../../server/contract/workspace';

/**
 * Applies one pushed `monitor.updated` row to the table of `assignmentId` in place, as a delta:
 * a known attempt's row is replaced; a new attempt takes its student's "not started" row, or
 * is added (a second attempt, a student enrolled after the table loaded). Nothing is
 * refetched: at the start of a class every student's first row arrives at once, and a full
 * table for each of them would be quadratic. Rows of other assignments the same socket
 * watches are left out. Returns whether the row belonged to this table.
 */
export function applyMonitorRow(rows: MonitorRow[], row: MonitorRow, assignmentId: string): boolean {
  if (row.assignmentId !== assignmentId) return false;
  let i = rows.findIndex((r) => r.attemptId !== null && r.attemptId === row.attemptId);
  if (i < 0) i = rows.findIndex((r) => r.attemptId === null && r.student.id === row.student.id);
  if (i >= 0) rows[i] = row;
  else rows.push(row);
  return true;
}
