import type { TFunction } from 'i18next';
import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunResultView } from '../../../../server/contract/workspace';
import { request } from '../../app/socket';
import type { WorkspaceSource } from '../source';
import { isRunShortcut, loadText, runShortcutHint, saveText, useToolMemory } from './toolMemory';
import './tools.css';

/** A Run waits for the sandbox: its code time, compiling, and a queue behind other students' checks. */
const RUN_TIMEOUT_MS = 60_000;

type Props = {
  source: WorkspaceSource;
  /** The snippet's language (the workspace's). */
  language: 'js' | 'ts';
  /** The workspace's JavaScript and TypeScript files, which can be run as they are saved. */
  codeFiles: string[];
  /** Saves what is waiting to be saved: Run uses saved files, as the checks do. */
  flush: () => Promise<void>;
};

type Outcome = { result: RunResultView; what: string } | { error: string; what: string };

function stoppedLabel(status: RunResultView['status'], t: TFunction<'workspace'>): string | null {
  const stopped: Record<RunResultView['status'], string | null> = {
    ok: null,
    timeout: t('run.stopped.timeout'),
    memory: t('run.stopped.memory'),
    crashed: t('run.stopped.crashed'),
    rejected: t('run.stopped.rejected'),
    compile_error: t('run.stopped.compile_error'),
    compile_timeout: t('run.stopped.compile_timeout'),
    load_error: t('run.stopped.load_error'),
  };
  return stopped[status];
}

/** The snippet a student starts from, its comment and greeting in the interface's language. */
function starter(language: 'js' | 'ts', codeFiles: string[], t: TFunction<'workspace'>): string {
  const first = codeFiles.find((p) => !p.includes('test')) ?? codeFiles[0];
  const module = first ? `./${first.replace(/\.(ts|tsx|js|mjs|cjs|jsx)$/, '')}` : './src/module';
  const greeting = JSON.stringify(t('run.starterGreeting')).replace(/^"|"$/g, "'");
  return [
    t('run.starterComment'),
    `// import { something } from '${module}';`,
    '',
    language === 'ts' ? `const greeting: string = ${greeting};` : `const greeting = ${greeting};`,
    'console.log(greeting);',
    '',
  ].join('\n');
}

/**
 * Run: a scratch snippet or one of the workspace's files, in the checks' sandbox, with what it
 * printed. The answer is this student's alone; nothing is stored or graded.
 */
export function RunPanel({ source, language, codeFiles, flush }: Props) {
  const { t } = useTranslation('workspace');
  const id = useId();
  const snippetKey = `practicum:run:${source.keptAs}`;
  const [snippet, setSnippet] = useToolMemory(`${snippetKey}:snippet`, () => loadText(snippetKey) ?? starter(language, codeFiles, t));
  const [mode, setMode] = useToolMemory<'snippet' | 'file'>(`${snippetKey}:mode`, () => 'snippet');
  const [file, setFile] = useToolMemory(`${snippetKey}:file`, () => codeFiles[0] ?? '');
  const [outcome, setOutcome] = useToolMemory<Outcome | null>(`${snippetKey}:outcome`, () => null);
  const [running, setRunning] = useState(false);
  const chosenFile = codeFiles.includes(file) ? file : (codeFiles[0] ?? '');
  const label = language === 'ts' ? 'TypeScript' : 'JavaScript';

  const run = async () => {
    if (running) return;
    if (mode === 'snippet' && snippet.trim() === '') {
      setOutcome({ error: t('run.empty'), what: t('run.theSnippet') });
      return;
    }
    setRunning(true);
    const what = mode === 'file' ? chosenFile : t('run.theSnippet');
    try {
      await flush();
      const payload = mode === 'file' ? { ...source.ref, path: chosenFile } : { ...source.ref, source: snippet };
      const ack = await request<RunResultView>(source.toolEvents.run, payload, RUN_TIMEOUT_MS);
      if (ack.ok) setOutcome({ result: ack.data, what });
      else setOutcome({ error: ack.error.code === 'offline' ? t('run.offline') : ack.error.message, what });
    } finally {
      setRunning(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!isRunShortcut(event)) return;
    event.preventDefault();
    void run();
  };

  return (
    <section className="try" aria-labelledby={`${id}-title`} onKeyDown={onKeyDown}>
      <h2 id={`${id}-title`} className="try__title">
        {t('run.title')}
      </h2>
      <p className="try__hint">{t('run.hint')}</p>

      <fieldset className="try__choice">
        <legend className="visually-hidden">{t('run.whatToRun')}</legend>
        <label>
          <input type="radio" name={`${id}-mode`} checked={mode === 'snippet'} onChange={() => setMode('snippet')} /> {t('run.aSnippet')}
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={mode === 'file'} onChange={() => setMode('file')} disabled={codeFiles.length === 0} /> {t('run.aFile')}
        </label>
      </fieldset>

      {mode === 'snippet' ? (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-snippet`}>
            {t('run.snippetLabel', { language: label })}
          </label>
          <textarea
            id={`${id}-snippet`}
            className="try__code"
            rows={9}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            value={snippet}
            aria-describedby={`${id}-snippet-hint`}
            onChange={(e) => {
              setSnippet(e.target.value);
              saveText(snippetKey, e.target.value);
            }}
          />
          <p id={`${id}-snippet-hint`} className="field__hint">
            {t('run.snippetHint', { shortcut: runShortcutHint() })}
          </p>
        </div>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-file`}>
            {t('run.file')}
          </label>
          <select id={`${id}-file`} className="input" value={chosenFile} onChange={(e) => setFile(e.target.value)} aria-describedby={`${id}-file-hint`}>
            {codeFiles.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <p id={`${id}-file-hint`} className="field__hint">
            {t('run.fileHint', { shortcut: runShortcutHint() })}
          </p>
        </div>
      )}

      <div className="try__actions">
        <button type="button" className="btn btn--primary" onClick={() => void run()} aria-disabled={running || undefined} aria-keyshortcuts="Control+Enter Meta+Enter">
          {running ? t('run.running') : t('run.run')}
        </button>
      </div>

      <RunOutcome outcome={outcome} running={running} />
    </section>
  );
}

function RunOutcome({ outcome, running }: { outcome: Outcome | null; running: boolean }) {
  const { t } = useTranslation('workspace');
  const status = running ? t('run.running') : !outcome ? t('run.notRun') : 'error' in outcome ? null : summary(outcome.result, outcome.what, t);
  return (
    <div className="try__outcome">
      <p className="try__status" role="status" data-run-state={running ? 'running' : outcome && 'result' in outcome ? outcome.result.status : outcome ? 'refused' : 'idle'}>
        {status}
      </p>
      {outcome && 'error' in outcome && !running ? (
        <div className="banner banner--error" role="alert">
          <div className="banner__body">{outcome.error}</div>
        </div>
      ) : null}
      {outcome && 'result' in outcome ? (
        <>
          {outcome.result.messages.length > 0 ? (
            <ul className="try__messages" aria-label={t('run.messages')}>
              {outcome.result.messages.map((m, i) => (
                <li key={i}>
                  <pre>{m}</pre>
                </li>
              ))}
            </ul>
          ) : null}
          <h3 className="try__subtitle">{t('run.console')}</h3>
          {outcome.result.output ? (
            <pre className="try__console" tabIndex={0} aria-label={t('run.console')} data-testid="run-output">
              {outcome.result.output}
            </pre>
          ) : (
            <p className="muted">{t('run.nothingPrinted')}</p>
          )}
        </>
      ) : null}
    </div>
  );
}

function summary(r: RunResultView, what: string, t: TFunction<'workspace'>): string {
  const stopped = stoppedLabel(r.status, t);
  const ran = stopped ? t('run.stoppedSummary', { stopped, what, ms: r.durationMs }) : t('run.ran', { what, ms: r.durationMs });
  return r.outputTruncated ? t('run.truncated', { summary: ran }) : ran;
}
