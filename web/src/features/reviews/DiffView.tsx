import i18next from 'i18next';
import { useEffect, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewFile } from '../../../../server/contract/review';
import { languageOf } from '../../workspace/language';
import { monaco } from '../../workspace/monaco';
import '../../workspace/frame.css';

export type DiffComment = { id: string; path: string; line: number; body: string; draft: boolean };

export type DiffViewHandle = {
  /** The cursor's line in the submitted (modified) file. */
  cursorLine: () => number;
  revealLine: (line: number) => void;
  focus: () => void;
};

type Props = {
  itemId: string;
  files: ReviewFile[];
  activePath: string | null;
  sideBySide: boolean;
  comments: DiffComment[];
  /** Clicking the glyph margin of a line of the submitted file; omitted when the review takes no comments. */
  onCommentLine?: ((line: number) => void) | undefined;
  onCursorLine: (line: number) => void;
  /** What the two sides are, for screen readers and the read-only hint; defaults fit a review. */
  labels?: DiffLabels;
  ref?: Ref<DiffViewHandle>;
};

export type DiffLabels = { original: string; modified: string; readOnlyMessage: string };


const FONT = "ui-monospace, 'SFMono-Regular', 'JetBrains Mono', Menlo, Consolas, 'Liberation Mono', monospace";

type ModelPair = { original: monaco.editor.ITextModel; modified: monaco.editor.ITextModel };

/** The labels a diff editor takes for its two sides (typed for construction only, honoured by updateOptions too). */
type SideLabels = monaco.editor.IDiffEditorOptions & Pick<monaco.editor.IDiffEditorConstructionOptions, 'originalAriaLabel' | 'modifiedAriaLabel'>;

/**
 * The two sides' labels, set on the diff editor itself and passed with every change of its
 * options: it recomputes its editors' options on each change (side by side, say) from what
 * changed, and a label set on an editor alone, or left out, comes back empty, leaving both
 * textareas unnamed.
 */
function ariaLabels(path: string | null, labels: DiffLabels): SideLabels {
  const file = { hasFile: path ? 'yes' : 'no', file: path ?? '' };
  return {
    originalAriaLabel: i18next.t('reviews:diff.originalAria', { ...file, side: labels.original }),
    modifiedAriaLabel: i18next.t('reviews:diff.modifiedAria', { ...file, side: labels.modified }),
  };
}

/**
 * The submitted files against the scenario's starter files, read-only, in Monaco's diff
 * editor. A file without a starter shows as all added. One model pair per file, held in a
 * ref; switching files swaps pairs and keeps each file's scroll position.
 */
export function DiffView({ itemId, files, activePath, sideBySide, comments, onCommentLine, onCursorLine, labels: labelsProp, ref }: Props) {
  const { t } = useTranslation('reviews');
  // A review's two sides, unless the page names its own.
  const reviewLabels = useMemo<DiffLabels>(() => ({ original: t('diff.original'), modified: t('diff.modified'), readOnlyMessage: t('diff.readOnly') }), [t]);
  const labels = labelsProp ?? reviewLabels;
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const models = useRef(new Map<string, ModelPair>());
  const viewStates = useRef(new Map<string, monaco.editor.IDiffEditorViewState | null>());
  const shownPath = useRef<string | null>(null);
  const commentDecorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const hoverDecoration = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const callbacks = useRef({ onCommentLine, onCursorLine });
  callbacks.current = { onCommentLine, onCursorLine };

  useImperativeHandle(
    ref,
    () => ({
      cursorLine: () => editorRef.current?.getModifiedEditor().getPosition()?.lineNumber ?? 1,
      revealLine: (line: number) => {
        const modified = editorRef.current?.getModifiedEditor();
        if (!modified) return;
        modified.setPosition({ lineNumber: line, column: 1 });
        modified.revealLineInCenter(line);
        modified.focus();
      },
      focus: () => editorRef.current?.getModifiedEditor().focus(),
    }),
    [],
  );

  useEffect(() => {
    const editor = monaco.editor.createDiffEditor(containerRef.current!, {
      automaticLayout: true,
      readOnly: true,
      originalEditable: false,
      // Playwright and some IMEs misbehave with the EditContext API; the textarea is reliable.
      editContext: false,
      renderSideBySide: sideBySide,
      // The reviewer's choice holds: Monaco would otherwise silently go inline below 900 px.
      useInlineViewWhenSpaceIsLimited: false,
      renderMarginRevertIcon: false,
      renderGutterMenu: false,
      renderOverviewRuler: true,
      ignoreTrimWhitespace: false,
      glyphMargin: true,
      minimap: { enabled: false },
      fontFamily: FONT,
      fontSize: 14,
      lineHeight: 21,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      smoothScrolling: false,
      stickyScroll: { enabled: false },
      accessibilitySupport: 'auto',
      readOnlyMessage: { value: labels.readOnlyMessage },
      ...ariaLabels(null, labels),
    });
    editorRef.current = editor;
    const modified = editor.getModifiedEditor();
    commentDecorations.current = modified.createDecorationsCollection();
    hoverDecoration.current = modified.createDecorationsCollection();

    const lineOf = (target: monaco.editor.IMouseTarget) =>
      target.type === monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN || target.type === monaco.editor.MouseTargetType.GUTTER_LINE_DECORATIONS
        ? (target.position?.lineNumber ?? null)
        : null;
    let hoveredLine: number | null = null;
    const subscriptions = [
      modified.onMouseDown((event) => {
        const line = lineOf(event.target);
        if (line === null || !callbacks.current.onCommentLine) return;
        event.event.preventDefault();
        callbacks.current.onCommentLine(line);
      }),
      // A "+" in the margin of the line under the pointer says the margin takes clicks.
      modified.onMouseMove((event) => {
        const line = callbacks.current.onCommentLine ? lineOf(event.target) : null;
        if (line === hoveredLine) return;
        hoveredLine = line;
        hoverDecoration.current?.set(
          line === null ? [] : [{ range: new monaco.Range(line, 1, line, 1), options: { glyphMarginClassName: 'review-glyph review-glyph--add' } }],
        );
      }),
      modified.onMouseLeave(() => {
        hoveredLine = null;
        hoverDecoration.current?.clear();
      }),
      modified.onDidChangeCursorPosition((event) => callbacks.current.onCursorLine(event.position.lineNumber)),
    ];
    return () => {
      for (const s of subscriptions) s.dispose();
      editor.dispose();
      editorRef.current = null;
      shownPath.current = null;
    };
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the editor is made once; the effects below follow labels and sideBySide
  }, []);

  // Models live as long as this component; disposing them keeps Monaco's registry clean.
  useEffect(() => {
    for (const file of files) {
      if (models.current.has(file.path)) continue;
      const language = languageOf(file.path);
      const uri = (side: string) => monaco.Uri.from({ scheme: 'review', authority: itemId, path: `/${side}/${file.path}` });
      monaco.editor.getModel(uri('original'))?.dispose();
      monaco.editor.getModel(uri('modified'))?.dispose();
      models.current.set(file.path, {
        original: monaco.editor.createModel(file.starter ?? '', language, uri('original')),
        modified: monaco.editor.createModel(file.content, language, uri('modified')),
      });
    }
  }, [files, itemId]);

  useEffect(
    () => () => {
      for (const pair of models.current.values()) {
        pair.original.dispose();
        pair.modified.dispose();
      }
      models.current.clear();
      viewStates.current.clear();
    },
    [],
  );

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || shownPath.current === activePath) return;
    if (shownPath.current) viewStates.current.set(shownPath.current, editor.saveViewState());
    const pair = activePath ? models.current.get(activePath) : undefined;
    // A diff editor cannot show "nothing": without a file it keeps the last one, hidden by the page.
    if (!pair || !activePath) return;
    editor.setModel(pair);
    shownPath.current = activePath;
    const state = viewStates.current.get(activePath);
    if (state) editor.restoreViewState(state);
    editor.updateOptions(ariaLabels(activePath, labels));
    callbacks.current.onCursorLine(editor.getModifiedEditor().getPosition()?.lineNumber ?? 1);
  }, [activePath, files, labels]);

  useEffect(() => {
    editorRef.current?.updateOptions({ renderSideBySide: sideBySide, ...ariaLabels(shownPath.current, labels) });
  }, [sideBySide, labels]);

  useEffect(() => {
    const here = comments.filter((c) => c.path === activePath);
    commentDecorations.current?.set(
      here.map((c) => ({
        range: new monaco.Range(c.line, 1, c.line, 1),
        options: {
          isWholeLine: true,
          className: c.draft ? 'review-line review-line--draft' : 'review-line',
          glyphMarginClassName: c.draft ? 'review-glyph review-glyph--draft' : 'review-glyph review-glyph--comment',
          glyphMarginHoverMessage: { value: `**${c.draft ? i18next.t('reviews:diff.draftComment') : i18next.t('reviews:diff.comment')}**\n\n${c.body}` },
          overviewRuler: { color: c.draft ? '#c77c02' : '#5b2d91', position: monaco.editor.OverviewRulerLane.Left },
          stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
        },
      })),
    );
  }, [comments, activePath]);

  return <div className="diff-view" ref={containerRef} />;
}
