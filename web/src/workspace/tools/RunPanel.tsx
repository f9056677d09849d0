import { useId, useState, type KeyboardEvent } from 'react';
import type { RunResultView } from '../../../../server/contract/workspace';
import { request } from '../../app/socket';
import type { WorkspaceSource } from '../source';
import { isRunShortcut, loadText, RUN_SHORTCUT_HINT, saveText, useToolMemory } from './toolMemory';
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

const STOPPED: Record<RunResultView['status'], string | null> = {
  ok: null,
  timeout: 'Stopped: it ran too long',
  memory: 'Stopped: it used too much memory',
  crashed: 'Stopped: the sandbox failed',
  rejected: 'Refused',
  compile_error: 'It does not compile',
  compile_timeout: 'Stopped: compiling took too long',
  load_error: 'It threw an error',
};

function starter(language: 'js' | 'ts', codeFiles: string[]): string {
  const first = codeFiles.find((p) => !p.includes('test')) ?? codeFiles[0];
  const module = first ? `./${first.replace(/\.(ts|tsx|js|mjs|cjs|jsx)$/, '')}` : './src/module';
  return [
    '// Try your code: import your files as a check does, then print what you want to see.',
    `// import { something } from '${module}';`,
    '',
    language === 'ts' ? "const greeting: string = 'Hello from the sandbox';" : "const greeting = 'Hello from the sandbox';",
    'console.log(greeting);',
    '',
  ].join('\n');
}

/**
 * Run: a scratch snippet or one of the workspace's files, in the checks' sandbox, with what it
 * printed. The answer is this student's alone; nothing is stored or graded.
 */
export function RunPanel({ source, language, codeFiles, flush }: Props) {
  const id = useId();
  const snippetKey = `practicum:run:${source.keptAs}`;
  const [snippet, setSnippet] = useToolMemory(`${snippetKey}:snippet`, () => loadText(snippetKey) ?? starter(language, codeFiles));
  const [mode, setMode] = useToolMemory<'snippet' | 'file'>(`${snippetKey}:mode`, () => 'snippet');
  const [file, setFile] = useToolMemory(`${snippetKey}:file`, () => codeFiles[0] ?? '');
  const [outcome, setOutcome] = useToolMemory<Outcome | null>(`${snippetKey}:outcome`, () => null);
  const [running, setRunning] = useState(false);
  const chosenFile = codeFiles.includes(file) ? file : (codeFiles[0] ?? '');
  const label = language === 'ts' ? 'TypeScript' : 'JavaScript';

  const run = async () => {
    if (running) return;
    if (mode === 'snippet' && snippet.trim() === '') {
      setOutcome({ error: 'The snippet is empty: write some code to run.', what: 'the snippet' });
      return;
    }
    setRunning(true);
    const what = mode === 'file' ? chosenFile : 'the snippet';
    try {
      await flush();
      const payload = mode === 'file' ? { ...source.ref, path: chosenFile } : { ...source.ref, source: snippet };
      const ack = await request<RunResultView>(source.toolEvents.run, payload, RUN_TIMEOUT_MS);
      if (ack.ok) setOutcome({ result: ack.data, what });
      else setOutcome({ error: ack.error.code === 'offline' ? 'Not connected to the server. Run again when the connection is back.' : ack.error.message, what });
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
        Run your code
      </h2>
      <p className="try__hint">In the same sandbox as the checks, on your saved files. Only you see what it prints; nothing is graded.</p>

      <fieldset className="try__choice">
        <legend className="visually-hidden">What to run</legend>
        <label>
          <input type="radio" name={`${id}-mode`} checked={mode === 'snippet'} onChange={() => setMode('snippet')} /> A snippet
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={mode === 'file'} onChange={() => setMode('file')} disabled={codeFiles.length === 0} /> A file
        </label>
      </fieldset>

      {mode === 'snippet' ? (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-snippet`}>
            Snippet ({label})
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
            Import your files with a relative path, as checks do (<code>./src/…</code>); other files of the workspace import as text. {RUN_SHORTCUT_HINT}
          </p>
        </div>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-file`}>
            File
          </label>
          <select id={`${id}-file`} className="input" value={chosenFile} onChange={(e) => setFile(e.target.value)} aria-describedby={`${id}-file-hint`}>
            {codeFiles.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <p id={`${id}-file-hint`} className="field__hint">
            Its saved version runs from the top, with what it imports. {RUN_SHORTCUT_HINT}
          </p>
        </div>
      )}

      <div className="try__actions">
        <button type="button" className="btn btn--primary" onClick={() => void run()} aria-disabled={running || undefined} aria-keyshortcuts="Control+Enter Meta+Enter">
          {running ? 'Running…' : 'Run'}
        </button>
      </div>

      <RunOutcome outcome={outcome} running={running} />
    </section>
  );
}

function RunOutcome({ outcome, running }: { outcome: Outcome | null; running: boolean }) {
  const status = running ? 'Running…' : !outcome ? 'Not run yet.' : 'error' in outcome ? null : summary(outcome.result, outcome.what);
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
            <ul className="try__messages" aria-label="Messages">
              {outcome.result.messages.map((m, i) => (
                <li key={i}>
                  <pre>{m}</pre>
                </li>
              ))}
            </ul>
          ) : null}
          <h3 className="try__subtitle">Console output</h3>
          {outcome.result.output ? (
            <pre className="try__console" tabIndex={0} aria-label="Console output" data-testid="run-output">
              {outcome.result.output}
            </pre>
          ) : (
            <p className="muted">Nothing was printed.</p>
          )}
        </>
      ) : null}
    </div>
  );
}

function summary(r: RunResultView, what: string): string {
  const stopped = STOPPED[r.status];
  const ran = stopped ? `${stopped} (${what}, ${r.durationMs} ms).` : `Ran ${what} in ${r.durationMs} ms.`;
  return r.outputTruncated ? `${ran} The output was cut.` : ran;
}
