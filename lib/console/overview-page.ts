import type { InvitationAudit } from '../advocacy/fairness-audit.ts';
import { html, type SafeHtml } from '../pages/html.ts';
import type { WeekSatisfaction } from '../recovery/satisfaction.ts';
import type { JourneyFunnel } from '../store/console-repository.ts';
import type { SatisfactionAlert } from '../store/satisfaction-repository.ts';
import { rateBars, weeklyLineChart, type ChartPoint } from './charts.ts';
import { consolePage, type ConsoleFrame } from './console-layout.ts';

export interface OverviewData {
  readonly weeks: readonly WeekSatisfaction[];
  readonly alerts: readonly SatisfactionAlert[];
  readonly funnel: JourneyFunnel;
  readonly audit: InvitationAudit;
}

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)} %`);

const metricChart = (frame: ConsoleFrame, data: OverviewData, metric: 'nps' | 'csat'): SafeHtml | '' => {
  const alerted = new Set(data.alerts.filter((alert) => alert.metric === metric).map((alert) => alert.weekOf));
  const points: ChartPoint[] = data.weeks.flatMap((week) => {
    const summary = week[metric];
    return summary ? [{ weekOf: week.weekOf, value: summary.score, responses: summary.responses, alert: alerted.has(week.weekOf) }] : [];
  });
  if (points.length === 0) return '';
  const label = metric === 'nps' ? frame.copy.overview.nps : frame.copy.overview.csat;
  return html`<h3>${label}</h3>
<figure data-metric="${metric}">${weeklyLineChart({ label, points, min: metric === 'nps' ? -100 : 0, max: 100 })}
<figcaption class="hint">${frame.copy.overview.dropMarked}</figcaption></figure>
<details><summary>${label}: table</summary><div class="table"><table><thead><tr><th>week</th><th>${label}</th><th>n</th></tr></thead><tbody>${points.map(
    (point) => html`<tr><td>${point.weekOf}</td><td>${point.value}${point.alert ? ' ▲' : ''}</td><td>${point.responses}</td></tr>`,
  )}</tbody></table></div></details>`;
};

/** What the owner opens every morning: satisfaction moving week by week, the journey, and the fairness audit. */
export const overviewPage = (frame: ConsoleFrame, data: OverviewData): string => {
  const { copy } = frame;
  const { funnel, audit } = data;
  const charts = [metricChart(frame, data, 'nps'), metricChart(frame, data, 'csat')].filter(Boolean);
  const steps: [string, number][] = [
    [copy.overview.asked, funnel.asked],
    [copy.overview.answered, funnel.answered],
    [copy.overview.happy, funnel.happy],
    [copy.overview.unhappy, funnel.unhappy],
    [copy.overview.advocacyAsks, funnel.advocacyAsks],
    [copy.overview.reviewClicks, funnel.reviewClicks],
  ];
  const bars = Object.entries(audit.total.bySentiment)
    .filter(([, counts]) => counts.eligible > 0)
    .map(([sentiment, counts]) => ({ label: copy.sentiments[sentiment] ?? sentiment, rate: counts.rate, detail: copy.overview.invited(counts.invited, counts.eligible) }));
  return consolePage(frame, {
    title: copy.overview.heading,
    section: 'overview',
    body: html`<h1>${copy.overview.heading}</h1>
<h2>${copy.overview.satisfaction}</h2>
${charts.length > 0 ? charts : html`<p>${copy.overview.noAnswers}</p>`}
<h2>${copy.overview.funnel}</h2>
<p>${copy.overview.responseRate}: <strong data-response-rate>${percent(funnel.answered, funnel.asked)}</strong></p>
<div class="cards">${steps.map(([label, value]) => html`<div class="card"><b>${value}</b>${label}</div>`)}</div>
<h2>${copy.overview.fairness}</h2>
<p class="hint">${copy.overview.fairnessHint}</p>
${bars.length > 0 ? rateBars({ label: copy.overview.fairness, bars }) : html`<p>–</p>`}`,
  });
};
