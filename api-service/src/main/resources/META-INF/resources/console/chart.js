import { get } from './api.js';
import { bytes, count, el } from './format.js';

// Computed here from the newest jobs of the list (at most MAX_PAGES pages): the API has no statistics endpoint.
const MAX_PAGES = 5;
const DAYS = 14;
const OUTCOMES = ['succeeded', 'failed', 'cancelled', 'submitted'];
const SVG = 'http://www.w3.org/2000/svg';

export async function refreshOverview() {
  const jobs = [];
  let total = 0;
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await get(`/jobs?page=${page}&per_page=100`);
    jobs.push(...answer.jobs);
    total = answer.pagination.total_count;
    if (page >= answer.pagination.total_pages) {
      break;
    }
  }
  drawChart(perDay(jobs));
  drawTotals(jobs);
  document.getElementById('overview-note').textContent = jobs.length < total
    ? `From the newest ${count(jobs.length)} of ${count(total)} jobs.`
    : `All ${count(total)} jobs of this account; days in UTC.`;
}

/** The last DAYS days (UTC, oldest first), each with its count of jobs per status. */
function perDay(jobs) {
  const days = [];
  const today = new Date();
  for (let i = DAYS - 1; i >= 0; i -= 1) {
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
    days.push({ day: day.toISOString().slice(0, 10), counts: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) });
  }
  const byDay = new Map(days.map((d) => [d.day, d]));
  for (const job of jobs) {
    const day = byDay.get(job.created_at.slice(0, 10));
    if (day) {
      day.counts[job.status] += 1;
    }
  }
  return days;
}

function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  return node;
}

function drawChart(days) {
  const width = 560;
  const height = 160;
  const bar = width / days.length;
  const most = Math.max(1, ...days.map((d) => OUTCOMES.reduce((sum, o) => sum + d.counts[o], 0)));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 20}`, role: 'img',
    'aria-labelledby': 'chart-title', class: 'chart-svg' });
  const title = svg('title', { id: 'chart-title' });
  title.textContent = `Jobs per day over the last ${days.length} days, by outcome; the table below has the numbers.`;
  chart.append(title);
  const scale = svg('text', { x: 0, y: 10, class: 'axis' });
  scale.textContent = `${most} a day`;
  chart.append(scale);
  days.forEach((d, i) => {
    let y = height;
    for (const outcome of OUTCOMES) {
      const h = (d.counts[outcome] / most) * (height - 10);
      if (h > 0) {
        y -= h;
        const rect = svg('rect', { x: i * bar + 2, y, width: bar - 4, height: h, class: `bar-${outcome}` });
        const tip = svg('title', {});
        tip.textContent = `${d.day}: ${d.counts[outcome]} ${outcome}`;
        rect.append(tip);
        chart.append(rect);
      }
    }
    if ((days.length - 1 - i) % 2 === 0) {
      const label = svg('text', { x: i * bar + bar / 2, y: height + 15, 'text-anchor': 'middle', class: 'axis' });
      label.textContent = d.day.slice(5);
      chart.append(label);
    }
  });
  const legend = el('ul', { class: 'legend' },
    ...OUTCOMES.map((o) => el('li', {}, el('span', { class: `swatch bar-${o}`, 'aria-hidden': 'true' }), o)));
  // A table's width follows its content whatever its box says: the hiding box is a div around it.
  const table = el('div', { class: 'visually-hidden' }, el('table', {},
    el('caption', { text: 'Jobs per day by outcome' }),
    el('tr', {}, el('th', { text: 'day' }), ...OUTCOMES.map((o) => el('th', { text: o }))),
    ...days.map((d) => el('tr', {}, el('td', { text: d.day }), ...OUTCOMES.map((o) => el('td', { text: d.counts[o] }))))));
  document.getElementById('chart').replaceChildren(chart, legend, table);
}

function drawTotals(jobs) {
  const succeeded = jobs.filter((job) => job.status === 'succeeded' && job.result);
  const rows = succeeded.reduce((sum, job) => sum + Number(job.result.row_count || 0), 0);
  const size = succeeded.reduce((sum, job) => sum + Number(job.result.file_size_bytes || 0), 0);
  const outcome = (o) => jobs.filter((job) => job.status === o).length;
  const entries = [['jobs', count(jobs.length)], ['succeeded', count(outcome('succeeded'))],
    ['failed', count(outcome('failed'))], ['cancelled', count(outcome('cancelled'))],
    ['rows exported', count(rows)], ['bytes exported', bytes(size)]];
  document.getElementById('totals').replaceChildren(...entries.map(([name, value]) =>
    el('div', {}, el('dt', { text: name }), el('dd', { 'data-total': name, text: value }))));
}
