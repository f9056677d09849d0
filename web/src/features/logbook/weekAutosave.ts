import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogEntryView } from '../../../../server/contract/logbook';
import { LOG_MAX_HOURS } from '../../../../server/contract/logbook';
import { useAppDispatch } from '../../app/hooks';
import { serverText, type ServerMessage } from '../../app/serverText';
import { logbookApi, logbookUrl } from './logbookApi';

/**
 * Autosave of one logbook week, made for a phone on a shop floor: every keystroke is written to
 * localStorage first (kept until the server acknowledges it), saves are debounced, one in flight
 * at a time, each based on the last acknowledged revision. When the connection fails the save
 * waits and retries (sooner when the browser says it is back online); nothing typed is lost.
 * A stale base (the week changed on another device) stops the queue until the student chooses.
 */

export type WeekFields = { hours: string; tasks: string; learned: string; problems: string };
export type SaveState = 'saved' | 'saving' | 'offline' | 'conflict' | 'refused';

type Kept = { baseRevision: number; fields: WeekFields };
/** What a save is answered with: the entry, or an error (a stale save carries the latest entry). */
type Answer = { entry?: LogEntryView; error?: ServerMessage & { details?: { entry?: LogEntryView } } };

const DEBOUNCE_MS = 800;
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 30_000;

const keyOf = (placementId: string, week: string) => `practicum.logbook.${placementId}.${week}`;

function fieldsOf(entry: LogEntryView | undefined): WeekFields {
  return { hours: entry?.hours === null || entry?.hours === undefined ? '' : String(entry.hours), tasks: entry?.tasks ?? '', learned: entry?.learned ?? '', problems: entry?.problems ?? '' };
}

function readKept(key: string): Kept | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Kept) : null;
  } catch {
    return null;
  }
}

function writeKept(key: string, kept: Kept | null): void {
  try {
    if (kept) localStorage.setItem(key, JSON.stringify(kept));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or blocked: the save itself still goes out.
  }
}

/** Hours as the API takes them: empty is "not said yet"; anything else must be 0..80. */
export function parseHours(text: string): { ok: true; value: number | null } | { ok: false } {
  const t = text.trim().replace(',', '.');
  if (t === '') return { ok: true, value: null };
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 && n <= LOG_MAX_HOURS ? { ok: true, value: n } : { ok: false };
}

export function useWeekAutosave(placementId: string, week: string, entry: LogEntryView | undefined) {
  const dispatch = useAppDispatch();
  const key = keyOf(placementId, week);
  const kept = useRef<Kept | null>(readKept(key));
  const [fields, setFields] = useState<WeekFields>(() => kept.current?.fields ?? fieldsOf(entry));
  const [state, setState] = useState<SaveState>(kept.current ? 'saving' : 'saved');
  const [message, setMessage] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<LogEntryView | null>(null);
  const base = useRef(kept.current?.baseRevision ?? entry?.revision ?? 0);
  const latest = useRef(fields);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const busy = useRef(false);
  const retryMs = useRef(RETRY_MIN_MS);
  const stopped = useRef(false);

  // The timer calls the newest flush through a ref: a save scheduled before a render still sends the newest text.
  const flushRef = useRef<() => Promise<void>>(async () => {});
  const schedule = useCallback((ms: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flushRef.current(), ms);
  }, []);

  const flush = useCallback(async () => {
    if (busy.current || stopped.current || !readKept(key)) return;
    const sent = latest.current;
    const hours = parseHours(sent.hours);
    if (!hours.ok) return; // the field shows why; nothing to send until it is a number of hours
    busy.current = true;
    setState('saving');
    try {
      const res = await fetch(`/api${logbookUrl(placementId, week)}`, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ baseRevision: base.current, hours: hours.value, tasks: sent.tasks, learned: sent.learned, problems: sent.problems }),
      });
      const body = (await res.json().catch(() => null)) as Answer | null;
      if (res.ok) {
        const saved = body!.entry!;
        base.current = saved.revision;
        retryMs.current = RETRY_MIN_MS;
        dispatch(
          logbookApi.util.updateQueryData('getLogbook', placementId, (book) => {
            const i = book.entries.findIndex((e) => e.week === week);
            if (i >= 0) book.entries[i] = saved;
            else book.entries.push(saved);
          }),
        );
        if (latest.current === sent) {
          writeKept(key, null);
          setState('saved');
        } else {
          writeKept(key, { baseRevision: base.current, fields: latest.current });
          schedule(0);
        }
        setMessage(null);
      } else if (res.status === 409 && body?.error?.key === 'logbook.stale') {
        stopped.current = true;
        setTheirs(body.error.details?.entry ?? null);
        setMessage(serverText(body.error));
        setState('conflict');
      } else if (res.status >= 500 || res.status === 429 || res.status === 401) {
        throw new Error(`status ${res.status}`);
      } else {
        // Refused for good (the week was submitted or confirmed, a bad value): keep the text, say why.
        stopped.current = true;
        setMessage(body?.error ? serverText(body.error) : String(res.status));
        setState('refused');
      }
    } catch {
      setState('offline');
      schedule(retryMs.current);
      retryMs.current = Math.min(retryMs.current * 2, RETRY_MAX_MS);
    } finally {
      busy.current = false;
    }
  }, [dispatch, key, placementId, schedule, week]);
  flushRef.current = flush;

  // A stored edit from a closed tab or a lost connection goes out as soon as the page is back.
  useEffect(() => {
    if (kept.current) schedule(0);
    const online = () => {
      retryMs.current = RETRY_MIN_MS;
      schedule(0);
    };
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      clearTimeout(timer.current);
    };
  }, [schedule]);

  const change = useCallback(
    (patch: Partial<WeekFields>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      setFields(next);
      writeKept(key, { baseRevision: base.current, fields: next });
      if (!stopped.current) {
        setState('saving');
        schedule(DEBOUNCE_MS);
      }
    },
    [key, schedule],
  );

  /** After a conflict: mine on top of the latest revision, or the latest as it is. */
  const resolve = useCallback(
    (keep: 'mine' | 'theirs') => {
      if (!theirs) return;
      base.current = theirs.revision;
      stopped.current = false;
      setTheirs(null);
      setMessage(null);
      if (keep === 'mine') {
        writeKept(key, { baseRevision: base.current, fields: latest.current });
        schedule(0);
      } else {
        const f = fieldsOf(theirs);
        latest.current = f;
        setFields(f);
        writeKept(key, null);
        setState('saved');
        dispatch(logbookApi.util.invalidateTags([{ type: 'Logbook', id: placementId }]));
      }
    },
    [dispatch, key, placementId, schedule, theirs],
  );

  return { fields, change, state, message, conflict: theirs, resolve, revision: base.current, unsent: state !== 'saved' };
}
