import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataCell, DataQueryView, DatasetView, DataTableView } from '../../../../server/contract/workspace';
import { request } from '../../app/socket';
import type { WorkspaceSource } from '../source';
import { isRunShortcut, runShortcutHint, useToolMemory } from './toolMemory';
import './tools.css';

const QUERY_TIMEOUT_MS = 60_000;

type Props = {
  source: WorkspaceSource;
  /** The datasets of the unlocked tasks (the attempt view's `tools.data`). */
  datasets: { id: string; title: string }[];
};

type Described = { datasets: DatasetView[] } | { error: string };
type QueryOutcome = { result: DataQueryView; sql: string } | { error: string };

/**
 * The data explorer: the tables of the task's visible data (columns, row counts, first rows) and
 * a box for read-only queries whose result shows as a table. Each query runs on a fresh copy.
 */
export function DataPanel({ source, datasets }: Props) {
  const { t } = useTranslation('workspace');
  const id = useId();
  const key = `practicum:data:${source.keptAs}`;
  const listed = datasets.map((d) => d.id).join(',');
  const [described, setDescribed] = useToolMemory<Described | null>(`${key}:described:${listed}`, () => null);
  const [chosen, setChosen] = useToolMemory(`${key}:dataset`, () => datasets[0]?.id ?? '');
  const [sql, setSql] = useToolMemory(`${key}:sql`, () => '');
  const [outcome, setOutcome] = useToolMemory<QueryOutcome | null>(`${key}:outcome`, () => null);
  const [running, setRunning] = useState(false);
  const dataset = datasets.some((d) => d.id === chosen) ? chosen : (datasets[0]?.id ?? '');

  useEffect(() => {
    if (described && !('error' in described)) return;
    let live = true;
    void request<{ datasets: DatasetView[] }>(source.toolEvents.describe, source.ref, QUERY_TIMEOUT_MS).then((ack) => {
      if (!live) return;
      setDescribed(ack.ok ? ack.data : { error: ack.error.code === 'offline' ? t('data.offlineTables') : ack.error.message });
    });
    return () => {
      live = false;
    };
  // eslint-disable-next-line react-hooks/exhaustive-deps -- asks again when the listed datasets change; source and the last answer are read then
  }, [listed]);

  const runQuery = async () => {
    if (running) return;
    if (sql.trim() === '') {
      setOutcome({ error: t('data.writeFirst') });
      return;
    }
    setRunning(true);
    try {
      const ack = await request<DataQueryView>(source.toolEvents.query, { ...source.ref, dataset, sql }, QUERY_TIMEOUT_MS);
      if (ack.ok) setOutcome({ result: ack.data, sql });
      else setOutcome({ error: ack.error.code === 'offline' ? t('data.offlineQuery') : ack.error.message });
    } finally {
      setRunning(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!isRunShortcut(event)) return;
    event.preventDefault();
    void runQuery();
  };

  const shown = described && 'datasets' in described ? described.datasets.find((d) => d.id === dataset) : undefined;

  return (
    <section className="try" aria-labelledby={`${id}-title`} onKeyDown={onKeyDown}>
      <h2 id={`${id}-title`} className="try__title">
        {t('data.title')}
      </h2>
      <p className="try__hint">{t('data.hint')}</p>

      {datasets.length > 1 ? (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-dataset`}>
            {t('data.data')}
          </label>
          <select id={`${id}-dataset`} className="input" value={dataset} onChange={(e) => setChosen(e.target.value)}>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="try__dataset">{datasets[0]?.title}</p>
      )}

      {!described ? (
        <p role="status">{t('data.loading')}</p>
      ) : 'error' in described ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">{described.error}</div>
        </div>
      ) : shown ? (
        <ul className="data-tables" aria-label={t('data.tables')}>
          {shown.tables.map((table, i) => (
            <TableEntry key={table.name} table={table} open={i === 0} onQuery={() => setSql(`SELECT *\nFROM ${table.name}\nLIMIT 100;`)} />
          ))}
        </ul>
      ) : null}

      <div className="field">
        <label className="field__label" htmlFor={`${id}-sql`}>
          {t('data.query')}
        </label>
        <textarea
          id={`${id}-sql`}
          className="try__code"
          rows={6}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          placeholder="SELECT …"
          value={sql}
          aria-describedby={`${id}-sql-hint`}
          onChange={(e) => setSql(e.target.value)}
        />
        <p id={`${id}-sql-hint`} className="field__hint">
          {t('data.sqlHint', { shortcut: runShortcutHint() })}
        </p>
      </div>
      <div className="try__actions">
        <button type="button" className="btn btn--primary" onClick={() => void runQuery()} aria-disabled={running || undefined} aria-keyshortcuts="Control+Enter Meta+Enter">
          {running ? t('data.running') : t('data.runQuery')}
        </button>
      </div>
      <QueryResult outcome={outcome} running={running} />
    </section>
  );
}

/** `open`: shown unfolded at first (the first table, so its rows are in view at once). */
function TableEntry({ table, open, onQuery }: { table: DataTableView; open: boolean; onQuery: () => void }) {
  const { t } = useTranslation('workspace');
  const first = table.rows.length;
  return (
    <li className="data-table">
      <details open={open || undefined}>
        <summary>
          <code className="data-table__name">{table.name}</code>
          <span className="data-table__meta">
            {t('data.tableMeta', { kind: table.kind, rows: table.rowCount, columns: table.columns.length })}
          </span>
        </summary>
        <ul className="data-table__columns" aria-label={t('data.columnsOf', { table: table.name })}>
          {table.columns.map((c) => (
            <li key={c.name}>
              <code>{c.name}</code> <span className="muted">{c.type || t('data.anyType')}</span>
            </li>
          ))}
        </ul>
        <Grid
          columns={table.columns.map((c) => c.name)}
          rows={table.rows}
          caption={
            first < table.rowCount
              ? t('data.captionFirst', { first, total: table.rowCount, table: table.name })
              : table.rowCount === 1
                ? t('data.captionOne', { table: table.name })
                : t('data.captionAll', { total: table.rowCount, table: table.name })
          }
        />
        <button type="button" className="btn btn--small" onClick={onQuery}>
          {t('data.queryTable', { table: table.name })}
        </button>
      </details>
    </li>
  );
}

function QueryResult({ outcome, running }: { outcome: QueryOutcome | null; running: boolean }) {
  const { t } = useTranslation('workspace');
  if (running) return <p role="status">{t('data.runningQuery')}</p>;
  if (!outcome) return <p role="status" className="muted" />;
  if ('error' in outcome || outcome.result.error) {
    const message = 'error' in outcome ? outcome.error : outcome.result.error;
    return (
      <div className="banner banner--error" role="alert" data-query-state="error">
        <div className="banner__body">{message}</div>
      </div>
    );
  }
  const { result } = outcome;
  const count = result.truncated ? t('data.truncated', { max: result.maxRows }) : t('data.rows', { count: result.rows.length });
  return (
    <div className="try__outcome" data-query-state="ok">
      <p role="status" className="try__status">
        {count} <span className="muted">{t('data.duration', { ms: result.durationMs })}</span>
      </p>
      {result.columns.length > 0 ? <Grid columns={result.columns} rows={result.rows} caption={t('data.result')} /> : null}
    </div>
  );
}

/** A result grid in a region that scrolls (and so takes focus, for keyboard scrolling). */
function Grid({ columns, rows, caption }: { columns: string[]; rows: DataCell[][]; caption: string }) {
  return (
    <div className="data-grid" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-grid__table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) => (
                <td key={i} className={typeof cell === 'number' ? 'data-grid__number' : undefined}>
                  {cell === null ? <span className="data-grid__null">NULL</span> : String(cell)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
