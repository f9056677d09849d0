import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { LogbookView, LogEntryView, LogStatus } from '../../../../server/contract/logbook';
import { ServerEvents } from '../../../../server/contract/realtime';
import { mondayOf } from '../../../../server/logbook/weeks';
import { formatDay } from '../../app/format';
import { toProblem } from '../../app/problem';
import { Banner } from '../../components/Banner';
import { Page } from '../../components/Page';
import { usePlacementRoom } from '../placements/usePlacementRoom';
import { useGetLogbookQuery } from './logbookApi';
import { Comments, WeekView } from './WeekView';
import { WeekEditor } from './WeekEditor';
import './logbook.css';

const EDITABLE: readonly LogStatus[] = ['draft', 'returned'];
const PILL: Record<LogStatus | 'empty', string> = { draft: 'in_progress', submitted: 'submitted', returned: 'invalid', confirmed: 'graded', empty: 'closed' };

/** Which week opens first: the student's first week to write, the mentor's first week to review. */
function firstOpen(book: LogbookView, shown: string[]): string | undefined {
  const by = new Map(book.entries.map((e) => [e.week, e]));
  if (book.canReview) return shown.find((w) => by.get(w)?.status === 'submitted');
  if (book.canWrite) return shown.find((w) => by.get(w)?.status === 'returned') ?? [...book.missing].reverse()[0];
  return undefined;
}

/**
 * A placement's weekly logbook at /placements/:id/logbook: the student writes (on a phone),
 * the enterprise mentor confirms or comments, the school mentor and teachers read. Missing
 * weeks are shown to everyone who reads.
 */
export function LogbookPage() {
  const { t } = useTranslation('logbook');
  const { placementId = '' } = useParams();
  const { data: book, error, isLoading, refetch } = useGetLogbookQuery(placementId);
  const [open, setOpen] = useState<string | null>(null);

  // Live: joins the placement's room; a week submitted, confirmed or commented elsewhere (or
  // anything missed while the link was down) reloads the logbook.
  usePlacementRoom(placementId, (name) => {
    if (name === ServerEvents.placementLog) void refetch();
  });

  const thisWeek = mondayOf(new Date().toISOString().slice(0, 10));
  const shown = book ? book.weeks.filter((w) => w <= thisWeek || book.entries.some((e) => e.week === w)).reverse() : [];
  // The week opened first stays open once the logbook reloads (a confirmed week is no longer "first to review").
  useEffect(() => {
    if (book && open === null) setOpen(firstOpen(book, shown) ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the logbook first arrives
  }, [book]);
  const current = open ?? (book ? (firstOpen(book, shown) ?? null) : null);
  const problem = toProblem(error);

  return (
    <Page
      title={t('title')}
      heading={book ? t('heading', { name: book.student.name }) : t('title')}
      intro={book ? t('period', { start: formatDay(book.startsOn), end: formatDay(book.endsOn) }) : undefined}
    >
      {problem ? <Banner tone="error">{problem.message}</Banner> : null}
      {isLoading ? <p>{t('loading')}</p> : null}
      {book ? (
        <div className="logbook">
          <section className="logbook-missing" aria-labelledby="logbook-missing">
            <h2 id="logbook-missing" className="logbook-section-title">
              {t('missing.title')}
            </h2>
            {book.missing.length === 0 ? (
              <p className="muted">{t('missing.none')}</p>
            ) : (
              <>
                <p>{t('missing.count', { count: book.missing.length })}</p>
                <ul className="logbook-chips">
                  {book.missing.map((w) => (
                    <li key={w}>
                      <button type="button" className="btn btn--small logbook-chip" onClick={() => setOpen(w)}>
                        {t('weekOf', { date: formatDay(w) })}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>

          <section aria-labelledby="logbook-weeks">
            <h2 id="logbook-weeks" className="logbook-section-title">
              {t('weeks')}
            </h2>
            {shown.length === 0 ? <p className="muted">{t('notStarted')}</p> : null}
            <ul className="logbook-weeks">
              {shown.map((w) => (
                <Week key={w} book={book} week={w} entry={book.entries.find((e) => e.week === w)} open={current === w} onToggle={() => setOpen(current === w ? '' : w)} />
              ))}
            </ul>
          </section>
        </div>
      ) : null}
    </Page>
  );
}

function Week({ book, week, entry, open, onToggle }: { book: LogbookView; week: string; entry: LogEntryView | undefined; open: boolean; onToggle: () => void }) {
  const { t } = useTranslation('logbook');
  const status = entry?.status ?? 'empty';
  const panel = `logbook-week-${week}`;
  const writing = book.canWrite && (!entry || EDITABLE.includes(entry.status));
  return (
    <li className="logbook-week">
      <h3 className="logbook-week__title">
        <button type="button" className="logbook-week__toggle" aria-expanded={open} aria-controls={panel} onClick={onToggle}>
          <span>{t('weekOf', { date: formatDay(week) })}</span>
          <span className={`pill pill--${PILL[status]}`}>{t(`status.${status}`)}</span>
        </button>
      </h3>
      {open ? (
        <div id={panel} className="logbook-week__body">
          {writing ? (
            <>
              {entry ? <Comments entry={entry} /> : null}
              <WeekEditor placementId={book.placementId} week={week} entry={entry} />
            </>
          ) : entry ? (
            <WeekView placementId={book.placementId} entry={entry} canReview={book.canReview} />
          ) : (
            <p className="muted">{t('notWritten')}</p>
          )}
        </div>
      ) : null}
    </li>
  );
}
