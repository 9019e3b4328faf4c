import { html, type SafeHtml } from '../pages/html.ts';

export interface ChartPoint {
  /** The week's Monday (YYYY-MM-DD). */
  readonly weekOf: string;
  readonly value: number;
  readonly responses: number;
  /** A satisfaction-drop alert fired for this week. */
  readonly alert: boolean;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 40, right: 12, top: 14, bottom: 30 };

/**
 * A weekly line chart as inline SVG, drawn on the server: no script, no third-party request, and
 * the numbers stay in the page (each point is a titled circle with its week and value in data
 * attributes, and a table below repeats them for screen readers). Scales to the container's width.
 */
export const weeklyLineChart = (options: { label: string; points: readonly ChartPoint[]; min: number; max: number }): SafeHtml => {
  const { points, min, max } = options;
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) => PAD.left + (points.length <= 1 ? innerWidth / 2 : (index / (points.length - 1)) * innerWidth);
  const y = (value: number) => PAD.top + innerHeight - ((value - min) / (max - min)) * innerHeight;
  const gridValues = [min, min + (max - min) / 2, max];
  const path = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(index).toFixed(1)},${y(point.value).toFixed(1)}`).join(' ');
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${options.label}" preserveAspectRatio="xMidYMid meet">
${gridValues.map((value) => html`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#d6d3d1"/><text x="${PAD.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#44403c">${Math.round(value)}</text>`)}
<path d="${path}" fill="none" stroke="#1d4ed8" stroke-width="2.5"/>
${points.map(
    (point, index) => html`<circle class="point" cx="${x(index).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="4" fill="#1d4ed8" data-week="${point.weekOf}" data-value="${point.value}"><title>${point.weekOf}: ${point.value} (${point.responses})</title></circle>${
      point.alert ? html`<text class="alert-mark" x="${x(index).toFixed(1)}" y="${(y(point.value) - 9).toFixed(1)}" text-anchor="middle" font-size="13" fill="#b91c1c" data-week="${point.weekOf}">▲</text>` : ''
    }`,
  )}
${points.length > 0 ? html`<text x="${PAD.left}" y="${HEIGHT - 8}" font-size="11" fill="#44403c">${points[0]?.weekOf}</text><text x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" text-anchor="end" font-size="11" fill="#44403c">${points.at(-1)?.weekOf}</text>` : ''}
</svg>`;
};

/** Horizontal bars of rates (0–1), one per label: the fairness audit's invitation rate by sentiment. */
export const rateBars = (options: { label: string; bars: readonly { label: string; rate: number | null; detail: string }[] }): SafeHtml => {
  const rowHeight = 30;
  const labelWidth = 130;
  const barWidth = 440;
  const height = options.bars.length * rowHeight + 8;
  return html`<svg class="chart bars" viewBox="0 0 ${labelWidth + barWidth + 70} ${height}" role="img" aria-label="${options.label}">
${options.bars.map((bar, index) => {
    const top = index * rowHeight + 4;
    const width = bar.rate === null ? 0 : Math.max(1, bar.rate * barWidth);
    return html`<text x="0" y="${top + 17}" font-size="13" fill="#1a1a1a">${bar.label}</text><rect x="${labelWidth}" y="${top}" width="${barWidth}" height="22" fill="#f5f5f4"/><rect class="bar" x="${labelWidth}" y="${top}" width="${width.toFixed(1)}" height="22" fill="#15803d" data-rate="${bar.rate ?? ''}"><title>${bar.detail}</title></rect><text x="${labelWidth + barWidth + 6}" y="${top + 17}" font-size="13" fill="#1a1a1a">${bar.rate === null ? '–' : `${Math.round(bar.rate * 100)} %`}</text>`;
  })}
</svg>`;
};
