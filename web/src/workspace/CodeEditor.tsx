import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewCommentView } from '../../../server/contract/review';
import { editingOptionsFor, languageOf } from './language';
import { monaco } from './monaco';
import { ReviewCommentLayer } from './reviewComments';
import type { FileEntry } from './fileSet';

/** A request to show a line; `key` changes on every request, so the same line can be asked for twice. */
export type RevealRequest = { path: string; line: number; key: number };

/** A problem drawn under its line (a squiggle and a hover message), e.g. from the package checks. */
export type EditorMarker = { path: string; line: number; message: string; severity: 'error' | 'warning' };

type Props = {
  files: Record<string, FileEntry>;
  activePath: string | null;
  readOnly: boolean;
  /** Said when someone types into a read-only editor. */
  readOnlyMessage?: string | undefined;
  onEdit: (path: string, content: string) => void;
  onSaveNow: (path: string) => void;
  /** A reviewer's line comments, drawn under their lines (after the grade is released). */
  comments?: readonly ReviewCommentView[];
  reveal?: RevealRequest | null;
  markers?: readonly EditorMarker[] | undefined;
  /**
   * The scheme of this editor's model URIs. A second editor on the same files (an author's
   * side-by-side translation) takes its own, so neither disposes the other's models.
   */
  uriScheme?: string;
  /** Long lines wrap (prose side by side in half the width); off by default, as code wants. */
  wordWrap?: boolean;
};

const NO_COMMENTS: readonly ReviewCommentView[] = [];
const NO_MARKERS: readonly EditorMarker[] = [];
const MARKER_OWNER = 'practicum';

const FONT = "ui-monospace, 'SFMono-Regular', 'JetBrains Mono', Menlo, Consolas, 'Liberation Mono', monospace";

/**
 * The Monaco editor. One model per workspace file, held in a ref (Redux holds only the plain
 * contents): switching tabs swaps models and keeps each file's cursor, scroll and undo
 * history. Edits flow model → store; changes made elsewhere (the answers form, a resolved
 * conflict, a resync) flow store → model as one undoable edit.
 */
export function CodeEditor({ files, activePath, readOnly, readOnlyMessage: readOnlyGiven, onEdit, onSaveNow, comments = NO_COMMENTS, reveal = null, markers = NO_MARKERS, uriScheme, wordWrap = false }: Props) {
  const { t } = useTranslation('workspace');
  const readOnlyMessage = readOnlyGiven ?? t('editor.submitted');
  const containerRef = useRef<HTMLDivElement>(null);
  const tRef = useRef(t);
  tRef.current = t;
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const models = useRef(new Map<string, monaco.editor.ITextModel>());
  /** The content the model and the store last agreed on, per path. */
  const synced = useRef(new Map<string, string>());
  const viewStates = useRef(new Map<string, monaco.editor.ICodeEditorViewState | null>());
  const shownPath = useRef<string | null>(null);
  const applyingStore = useRef(false);
  const commentLayer = useRef<ReviewCommentLayer | null>(null);
  const commentsRef = useRef(comments);
  commentsRef.current = comments;
  /** A reveal waits here until its file is the one shown. */
  const pendingReveal = useRef<RevealRequest | null>(null);
  const callbacks = useRef({ onEdit, onSaveNow });
  callbacks.current = { onEdit, onSaveNow };

  // Models live as long as this component; disposing them keeps Monaco's global registry clean.
  useEffect(
    () => () => {
      for (const model of models.current.values()) model.dispose();
      models.current.clear();
      synced.current.clear();
      viewStates.current.clear();
      shownPath.current = null;
    },
    [],
  );

  useEffect(() => {
    const editor = monaco.editor.create(containerRef.current!, {
      model: null,
      automaticLayout: true,
      // Playwright and some IMEs lose characters with the EditContext API; the textarea is reliable.
      editContext: false,
      minimap: { enabled: false },
      fontFamily: FONT,
      fontSize: 14,
      lineHeight: 21,
      tabSize: 2,
      scrollBeyondLastLine: false,
      renderLineHighlight: 'line',
      padding: { top: 10, bottom: 10 },
      fixedOverflowWidgets: true,
      smoothScrolling: false,
      accessibilitySupport: 'auto',
      stickyScroll: { enabled: false },
    });
    editorRef.current = editor;
    commentLayer.current = new ReviewCommentLayer(editor);
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
      if (shownPath.current) callbacks.current.onSaveNow(shownPath.current);
    });
    return () => {
      commentLayer.current?.dispose();
      commentLayer.current = null;
      editor.dispose();
      editorRef.current = null;
      shownPath.current = null;
    };
  }, []);

  useEffect(() => {
    for (const file of Object.values(files)) {
      const existing = models.current.get(file.path);
      if (!existing) {
        const uri = uriScheme ? monaco.Uri.file(file.path).with({ scheme: uriScheme }) : monaco.Uri.file(file.path);
        monaco.editor.getModel(uri)?.dispose();
        const model = monaco.editor.createModel(file.content, languageOf(file.path), uri);
        models.current.set(file.path, model);
        synced.current.set(file.path, file.content);
        model.onDidChangeContent(() => {
          if (applyingStore.current) return;
          const value = model.getValue();
          synced.current.set(file.path, value);
          callbacks.current.onEdit(file.path, value);
        });
      } else if (synced.current.get(file.path) !== file.content) {
        applyingStore.current = true;
        try {
          existing.pushStackElement();
          existing.pushEditOperations([], [{ range: existing.getFullModelRange(), text: file.content }], () => null);
          existing.pushStackElement();
        } finally {
          applyingStore.current = false;
        }
        synced.current.set(file.path, file.content);
      }
    }
  }, [files, uriScheme]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    if (shownPath.current === activePath && editor.getModel()) return;
    if (shownPath.current) viewStates.current.set(shownPath.current, editor.saveViewState());
    const model = activePath ? (models.current.get(activePath) ?? null) : null;
    editor.setModel(model);
    shownPath.current = model ? activePath : null;
    if (model && activePath) {
      const state = viewStates.current.get(activePath);
      if (state) editor.restoreViewState(state);
      editor.updateOptions({
        ariaLabel: tRef.current('editor.ariaLabel', { path: activePath }),
        ...editingOptionsFor(model.getLanguageId()),
      });
    }
    // Decorations belong to the model and view zones to the view: both go with setModel.
    commentLayer.current?.set(commentsRef.current, shownPath.current);
    applyReveal();
  }, [activePath, files]);

  useEffect(() => {
    commentLayer.current?.set(comments, shownPath.current);
    editorRef.current?.updateOptions({ glyphMargin: comments.length > 0 });
  }, [comments]);

  useEffect(() => {
    pendingReveal.current = reveal;
    applyReveal();
  }, [reveal]);

  function applyReveal() {
    const editor = editorRef.current;
    const request = pendingReveal.current;
    if (!editor || !request || shownPath.current !== request.path) return;
    pendingReveal.current = null;
    const line = Math.min(request.line, editor.getModel()?.getLineCount() ?? request.line);
    editor.setPosition({ lineNumber: line, column: 1 });
    editor.revealLineInCenter(line);
    editor.focus();
  }

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly, readOnlyMessage: { value: readOnlyMessage } });
  }, [readOnly, readOnlyMessage]);

  useEffect(() => {
    editorRef.current?.updateOptions({ wordWrap: wordWrap ? 'on' : 'off' });
  }, [wordWrap]);

  // Markers belong to models, so each file keeps its own while another one is shown. Set when
  // they change only: between two runs of the checks, Monaco moves them with the text.
  useEffect(() => {
    for (const [path, model] of models.current) {
      const own = markers.filter((m) => m.path === path);
      monaco.editor.setModelMarkers(
        model,
        MARKER_OWNER,
        own.map((m) => {
          const line = Math.max(1, Math.min(m.line, model.getLineCount()));
          return {
            severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
            message: m.message,
            startLineNumber: line,
            startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
            endLineNumber: line,
            endColumn: model.getLineMaxColumn(line),
          };
        }),
      );
    }
  }, [markers]);

  return <div className="code-editor" ref={containerRef} />;
}
