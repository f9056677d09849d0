import { describe, expect, it } from 'vitest';
import type { AttemptView } from '../../../server/contract/workspace';
import { makeStore } from '../../../web/src/app/store';
import { assignmentsApi } from '../../../web/src/features/assignments/assignmentsApi';
import { previewApi } from '../../../web/src/features/authoring/previewApi';
import { attemptSource, previewSource, withReadAt } from '../../../web/src/workspace/source';
import { workspaceFiles } from '../../../web/src/workspace/workspaceSlice';

const ID = '00000000-0000-4000-8000-000000000007';

function view(overrides: Partial<AttemptView> = {}): AttemptView {
  return {
    id: ID,
    assignmentId: ID,
    assignment: { title: 'Preview: Fix it', mode: 'practice', review: 'none', revealPolicy: 'full' },
    number: 1,
    status: 'in_progress',
    startedAt: '2026-01-05T08:00:00.000Z',
    deadlineAt: '2026-01-05T09:00:00.000Z',
    submittedAt: null,
    serverTime: '2026-01-05T08:00:00.000Z',
    scenario: { title: 'Fix it', enterprise: 'Test Works', role: 'Developer', industry: 'software', brief: '', passAt: 0.6, language: 'en', fallback: false },
    tasks: [],
    files: [],
    events: [],
    upcoming: { lockedTasks: 'grade', announced: false, events: [] },
    lastRun: null,
    result: null,
    review: null,
    ...overrides,
  };
}

describe('where the workspace reads and saves', () => {
  it('keeps a student’s attempt on the attempt events, with its edits under the attempt’s id as before', () => {
    const source = attemptSource(ID);
    expect(source).toMatchObject({ kind: 'attempt', ref: { attemptId: ID }, joinEvent: 'attempt.join', checksEvent: 'checks.run', keptAs: ID });
    expect(source.saveTarget(workspaceFiles)).toMatchObject({ event: 'file.save', ref: { attemptId: ID }, keptAs: ID });
  });

  it('sends a preview’s joins, saves and check runs as preview events, its edits kept apart from any attempt’s', () => {
    const source = previewSource(ID);
    expect(source).toMatchObject({ kind: 'preview', ref: { previewId: ID }, joinEvent: 'preview.join', checksEvent: 'preview.checksRun' });
    expect(source.keptAs).not.toBe(ID);
    expect(source.saveTarget(workspaceFiles)).toMatchObject({ event: 'preview.fileSave', ref: { previewId: ID }, keptAs: source.keptAs });
  });

  it('writes a preview’s view into the preview’s query cache, never the attempt’s', async () => {
    const store = makeStore();
    const source = previewSource(ID);
    source.put(store.dispatch, view({ preview: { draftId: ID, skippedMs: 0 } }));
    // An upsert lands through the query thunk, a tick later.
    await new Promise((resolve) => setTimeout(resolve, 0));
    source.edit(store.dispatch, (v) => {
      if (v.preview) v.preview.skippedMs = 1_200_000;
    });
    // The root state knows the preview endpoints' tag type only once they are injected.
    const state = store.getState() as Parameters<ReturnType<typeof previewApi.endpoints.getPreview.select>>[0];
    expect(previewApi.endpoints.getPreview.select(ID)(state).data?.preview).toEqual({ draftId: ID, skippedMs: 1_200_000 });
    expect(assignmentsApi.endpoints.getAttempt.select(ID)(store.getState()).data).toBeUndefined();
  });

  it('keeps a preview’s read messages in the browser and marks them in its cached view; the first time seen stays', async () => {
    const store = makeStore();
    const source = previewSource(ID);
    const event = { id: 'welcome', from: 'Li Wei', channel: 'email', subject: 'Hi', body: '', deliveredAt: '2026-01-05T08:00:00.000Z', readAt: null };
    source.put(store.dispatch, view({ events: [event, { ...event, id: 'later' }], preview: { draftId: ID, skippedMs: 0 } }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await source.markRead(store.dispatch, ['welcome'])).toBe(true);
    const state = store.getState() as Parameters<ReturnType<typeof previewApi.endpoints.getPreview.select>>[0];
    const events = previewApi.endpoints.getPreview.select(ID)(state).data!.events;
    expect(events.map((e) => e.readAt !== null)).toEqual([true, false]);
    source.edit(store.dispatch, withReadAt({ attemptId: ID, eventIds: ['welcome', 'later'], readAt: '2030-01-01T00:00:00.000Z' }));
    const after = previewApi.endpoints.getPreview.select(ID)(store.getState() as typeof state).data!.events;
    expect(after.map((e) => e.readAt)).toEqual([events[0]!.readAt, '2030-01-01T00:00:00.000Z']);
  });
});
