import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { percent } from './levels';

const WIDTH = 88;
const HEIGHT = 24;
const PAD = 3;

/** "Trend over 4 scores: 40 % first, 80 % last" — what the line shows, for those who cannot see it. */
export function trendSummary(trend: { score: number }[]): string {
  const t = (key: string, params?: Record<string, unknown>) => i18next.t(key, { ns: 'competency', ...params });
  if (trend.length === 0) return t('trend.none');
  if (trend.length === 1) return t('trend.one', { score: percent(trend[0]!.score) });
  return t('trend.many', { count: trend.length, first: percent(trend[0]!.score), last: percent(trend[trend.length - 1]!.score) });
}

/** Scores oldest first, as a small line on a 0–100 % scale with the proficient line dashed behind it. */
export function Sparkline({ trend, proficient }: { trend: { at: string; score: number }[]; proficient?: number | undefined }) {
  // Re-renders when the language changes, so the text alternative follows it.
  useTranslation('competency');
  const summary = trendSummary(trend);
  if (trend.length === 0) return <span className="muted">—</span>;
  const y = (score: number) => PAD + (1 - Math.max(0, Math.min(1, score))) * (HEIGHT - 2 * PAD);
  const x = (i: number) => (trend.length === 1 ? WIDTH / 2 : PAD + (i / (trend.length - 1)) * (WIDTH - 2 * PAD));
  const points = trend.map((t, i) => `${x(i).toFixed(1)},${y(t.score).toFixed(1)}`).join(' ');
  const last = trend[trend.length - 1]!;
  return (
    <svg className="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} focusable="false">
      <title>{summary}</title>
      {proficient !== undefined ? <line x1={0} x2={WIDTH} y1={y(proficient)} y2={y(proficient)} className="sparkline__goal" /> : null}
      {trend.length > 1 ? <polyline points={points} className="sparkline__line" /> : null}
      <circle cx={x(trend.length - 1)} cy={y(last.score)} r={2.5} className="sparkline__dot" />
    </svg>
  );
}
