import { describe, expect, it } from 'vitest';
import type { MonitorRow } from '../../../server/contract/workspace';
import { applyMonitorRow } from '../../../web/src/features/courses/monitorRows';

const A = 'assignment-a';

function row(student: string, attemptId: string | null, extra: Partial<MonitorRow> = {}): MonitorRow {
  return {
    attemptId,
    assignmentId: A,
    student: { id: student, name: student },
    status: attemptId ? 'in_progress' : 'not_started',
    number: attemptId ? 1 : 0,
    startedAt: null,
    deadlineAt: null,
    lastActivityAt: null,
    visiblePassing: 0,
    visibleTotal: 1,
    visibleLocked: 0,
    eventsDelivered: 0,
    autoScore: null,
    ...extra,
  };
}

describe('a pushed monitor row', () => {
  it('replaces the row of its attempt', () => {
    const rows = [row('ai', 'a1'), row('bo', null)];
    expect(applyMonitorRow(rows, row('ai', 'a1', { visiblePassing: 1 }), A)).toBe(true);
    expect(rows.map((r) => [r.student.id, r.attemptId, r.visiblePassing])).toEqual([['ai', 'a1', 1], ['bo', null, 0]]);
  });

  it('takes the place of its student’s "not started" row when the attempt is new', () => {
    const rows = [row('ai', 'a1'), row('bo', null), row('cui', null)];
    applyMonitorRow(rows, row('bo', 'b1'), A);
    expect(rows.map((r) => [r.student.id, r.attemptId])).toEqual([['ai', 'a1'], ['bo', 'b1'], ['cui', null]]);
  });

  it('is added when the student has no row it can take (a second attempt)', () => {
    const rows = [row('ai', 'a1', { status: 'graded' })];
    applyMonitorRow(rows, row('ai', 'a2', { number: 2 }), A);
    expect(rows.map((r) => [r.attemptId, r.number])).toEqual([['a1', 1], ['a2', 2]]);
  });

  it('leaves the table alone when it belongs to another assignment', () => {
    const rows = [row('ai', null)];
    expect(applyMonitorRow(rows, { ...row('ai', 'x1'), assignmentId: 'assignment-b' }, A)).toBe(false);
    expect(rows).toEqual([row('ai', null)]);
  });
});
