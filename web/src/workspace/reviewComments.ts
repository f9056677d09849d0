import i18next from 'i18next';
import type { ReviewCommentView } from '../../../server/contract/review';
import { monaco } from './monaco';

/** Shown literally: reviewers write plain text, and Monaco's hovers would read it as Markdown. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/**
 * A reviewer's line comments drawn into the editor: a glyph and a tinted line where each
 * comment sits, and the comment text itself in a view zone under its line. Decorations
 * belong to the model and view zones to the view, so both are redrawn whenever the editor
 * shows another file (`render` after `setModel`) or changes width (zones are measured).
 *
 * Comments are anchored to the submitted revision, which is what a read-only editor shows
 * after submitting; a line beyond the end of the file is drawn on the last line.
 */
export class ReviewCommentLayer {
  private readonly decorations: monaco.editor.IEditorDecorationsCollection;
  private readonly disposables: monaco.IDisposable[] = [];
  private zoneIds: string[] = [];
  private comments: ReviewCommentView[] = [];
  private path: string | null = null;
  private width = 0;

  constructor(private readonly editor: monaco.editor.IStandaloneCodeEditor) {
    this.decorations = editor.createDecorationsCollection();
    this.disposables.push(
      editor.onDidLayoutChange((layout) => {
        if (layout.contentWidth !== this.width) this.renderZones();
      }),
    );
  }

  set(comments: readonly ReviewCommentView[], path: string | null): void {
    this.comments = [...comments];
    this.path = path;
    this.render();
  }

  render(): void {
    const model = this.editor.getModel();
    const mine = model && this.path ? this.comments.filter((c) => c.path === this.path) : [];
    const last = model?.getLineCount() ?? 1;
    this.decorations.set(
      mine.map((c) => {
        const line = Math.min(Math.max(1, c.line), last);
        return {
          range: new monaco.Range(line, 1, line, 1),
          options: {
            isWholeLine: true,
            className: 'feedback-line',
            glyphMarginClassName: 'feedback-glyph',
            glyphMarginHoverMessage: { value: `**${escapeMarkdown(c.author ?? i18next.t('workspace:review.reviewer'))}:** ${escapeMarkdown(c.body)}` },
            overviewRuler: { color: '#c77c02', position: monaco.editor.OverviewRulerLane.Left },
            stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
          },
        };
      }),
    );
    this.renderZones();
  }

  private renderZones(): void {
    const model = this.editor.getModel();
    const mine = model && this.path ? this.comments.filter((c) => c.path === this.path) : [];
    const last = model?.getLineCount() ?? 1;
    const layout = this.editor.getLayoutInfo();
    this.width = layout.contentWidth;
    // The card stays inside the visible text area (minus the scrollbar), whatever the scroll.
    const width = Math.max(160, layout.contentWidth - layout.verticalScrollbarWidth - 24);
    const byLine = new Map<number, ReviewCommentView[]>();
    for (const c of mine) {
      const line = Math.min(Math.max(1, c.line), last);
      byLine.set(line, [...(byLine.get(line) ?? []), c]);
    }
    this.editor.changeViewZones((accessor) => {
      for (const id of this.zoneIds) accessor.removeZone(id);
      this.zoneIds = [];
      for (const [line, comments] of byLine) {
        const domNode = zoneNode(comments, width);
        this.zoneIds.push(accessor.addZone({ afterLineNumber: line, heightInPx: this.measure(domNode), domNode, suppressMouseDown: true }));
      }
    });
  }

  /** Zones need a height up front: lay the card out once, hidden, at its final width. */
  private measure(node: HTMLElement): number {
    const host = this.editor.getDomNode() ?? document.body;
    const probe = node.cloneNode(true) as HTMLElement;
    probe.style.position = 'absolute';
    probe.style.visibility = 'hidden';
    probe.style.top = '0';
    probe.style.left = '0';
    host.appendChild(probe);
    const height = probe.offsetHeight;
    probe.remove();
    return Math.max(height, 32);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.decorations.clear();
    this.editor.changeViewZones((accessor) => this.zoneIds.forEach((id) => accessor.removeZone(id)));
    this.zoneIds = [];
  }
}

function zoneNode(comments: ReviewCommentView[], width: number): HTMLElement {
  // Monaco sizes the zone node itself (the full scroll width): the inner box holds the width.
  const zone = document.createElement('div');
  zone.className = 'feedback-zone';
  const inner = document.createElement('div');
  inner.className = 'feedback-zone__inner';
  inner.style.width = `${width}px`;
  zone.append(inner);
  for (const c of comments) {
    const card = document.createElement('div');
    card.className = 'feedback-zone__card';
    card.dataset.comment = c.id;
    const who = document.createElement('p');
    who.className = 'feedback-zone__who';
    who.textContent = i18next.t('workspace:review.commentLine', { author: c.author ?? i18next.t('workspace:review.reviewer'), line: c.line });
    const body = document.createElement('p');
    body.className = 'feedback-zone__body';
    body.textContent = c.body;
    card.append(who, body);
    inner.append(card);
  }
  return zone;
}
