import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssessmentConflict, AssessmentContentT, AssessmentKind, AssessmentView } from '../../../../server/contract/assessments';
import { toProblem, type Problem } from '../../app/problem';
import { useSaveAssessmentMutation } from './assessmentsApi';

/**
 * Autosave of one assessor's draft on a shop floor's flaky connection. Every edit is written to
 * localStorage first and stays there until the server acknowledged exactly that content, so a
 * dropped connection, a closed tab or a dead battery loses nothing; sends are debounced, one at
 * a time, each based on the last acknowledged revision, and retried with a growing pause while
 * the network is down (at once when the browser says it is back).
 */
export type SaveState = 'saved' | 'pending' | 'saving' | 'retrying' | 'conflict' | 'failed';

type Kept = { baseRevision: number; content: AssessmentContentT };

const PREFIX = 'practicum:assessment-draft:';
const keyOf = (userId: string, placementId: string, kind: AssessmentKind) => `${PREFIX}${userId}:${placementId}:${kind}`;

function load(key: string): Kept | null {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? 'null') as Kept | null;
    return v && Number.isInteger(v.baseRevision) && Array.isArray(v.content?.ratings) && typeof v.content.evidence === 'string' ? v : null;
  } catch {
    return null; // unreadable storage: nothing kept
  }
}
function keep(key: string, value: Kept | null) {
  try {
    if (value) localStorage.setItem(key, JSON.stringify(value));
    else localStorage.removeItem(key);
  } catch {
    // Storage refused (full, private mode): the draft lives in memory until it is sent.
  }
}

export const EMPTY_CONTENT: AssessmentContentT = { ratings: [], evidence: '' };
const DEBOUNCE_MS = 800;
const RETRY_MAX_MS = 30_000;

export function useAssessmentAutosave(userId: string, placementId: string, kind: AssessmentKind, server: AssessmentView | null) {
  const key = keyOf(userId, placementId, kind);
  const [save] = useSaveAssessmentMutation();
  const serverRevision = server?.status === 'draft' ? server.revision : 0;
  const kept = useRef<Kept | null>(null);
  const [content, setContent] = useState<AssessmentContentT>(() => {
    const local = load(key);
    kept.current = local;
    return local?.content ?? server?.content ?? EMPTY_CONTENT;
  });
  const base = useRef<number>(kept.current?.baseRevision ?? serverRevision);
  const [state, setState] = useState<SaveState>(kept.current ? 'pending' : 'saved');
  const [revision, setRevision] = useState(serverRevision);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [conflict, setConflict] = useState<AssessmentConflict | null>(null);
  const latest = useRef(content);
  const sending = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const retryMs = useRef(2_000);

  const send = useCallback(async () => {
    if (sending.current) return;
    const local = load(key) ?? (kept.current ? kept.current : null);
    if (!local) return;
    sending.current = true;
    setState('saving');
    const sent = JSON.stringify(latest.current);
    const result = await save({ placementId, kind, baseRevision: base.current, content: latest.current });
    sending.current = false;
    if ('data' in result && result.data) {
      base.current = result.data.revision;
      setRevision(result.data.revision);
      retryMs.current = 2_000;
      setProblem(null);
      if (JSON.stringify(latest.current) === sent) {
        kept.current = null;
        keep(key, null);
        setState('saved');
      } else {
        kept.current = { baseRevision: base.current, content: latest.current };
        keep(key, kept.current);
        setState('pending');
        timer.current = setTimeout(() => void send(), DEBOUNCE_MS);
      }
      return;
    }
    const p = toProblem('error' in result ? result.error : undefined);
    setProblem(p);
    if (!p || p.status === null || p.status >= 500 || p.status === 429) {
      // The network (or the server) is away: keep everything and try again later.
      setState('retrying');
      timer.current = setTimeout(() => void send(), retryMs.current);
      retryMs.current = Math.min(RETRY_MAX_MS, retryMs.current * 2);
      return;
    }
    const details = 'error' in result ? ((result.error as { data?: { error?: { details?: unknown } } }).data?.error?.details as AssessmentConflict | undefined) : undefined;
    if (p.status === 409 && details && typeof details.serverRevision === 'number') {
      setConflict(details);
      setState('conflict');
      return;
    }
    setState('failed');
  }, [key, kind, placementId, save]);

  useEffect(() => {
    const online = () => {
      clearTimeout(timer.current);
      void send();
    };
    window.addEventListener('online', online);
    // A draft kept from an earlier visit goes out as soon as the page is open.
    if (kept.current) timer.current = setTimeout(() => void send(), 0);
    return () => {
      window.removeEventListener('online', online);
      clearTimeout(timer.current);
    };
  }, [send]);

  const change = useCallback(
    (next: AssessmentContentT) => {
      latest.current = next;
      setContent(next);
      kept.current = { baseRevision: base.current, content: next };
      keep(key, kept.current);
      if (state === 'conflict') return; // waits for the assessor's choice
      setState('pending');
      clearTimeout(timer.current);
      if (!sending.current) timer.current = setTimeout(() => void send(), DEBOUNCE_MS);
    },
    [key, send, state],
  );

  /** Conflict: keep what this device has (saved over the other) or take the server's. */
  const resolve = useCallback(
    (keepMine: boolean) => {
      if (!conflict) return;
      base.current = conflict.serverRevision;
      setRevision(conflict.serverRevision);
      setConflict(null);
      if (keepMine) {
        kept.current = { baseRevision: base.current, content: latest.current };
        keep(key, kept.current);
        void send();
      } else {
        latest.current = conflict.serverContent;
        setContent(conflict.serverContent);
        kept.current = null;
        keep(key, null);
        setState('saved');
      }
    },
    [conflict, key, send],
  );

  /** After a sign-off nothing of this draft is left to send. */
  const forget = useCallback(() => {
    clearTimeout(timer.current);
    kept.current = null;
    keep(key, null);
  }, [key]);

  return { content, change, state, revision, problem, conflict, resolve, forget, retry: send };
}
