import { ApiError, get, del } from './api.js';
import { bytes, count, el, when } from './format.js';
import { refreshOverview } from './chart.js';

const PER_PAGE = 20;
const FIRST_DELAY = 1000;
const MAX_DELAY = 15000;

const state = { page: 1, status: '', delay: FIRST_DELAY, timer: null, generation: 0, seen: new Map() };
const manifests = new Map();
let say = () => {};

/** Wires the jobs view; {@code notice} shows an error to the user. */
export function initJobs(notice) {
  say = notice;
  document.getElementById('status-filter').addEventListener('change', (event) => {
    state.status = event.target.value;
    state.page = 1;
    showJobs();
  });
  document.getElementById('refresh').addEventListener('click', () => showJobs());
  document.getElementById('prev-page').addEventListener('click', () => {
    state.page = Math.max(1, state.page - 1);
    showJobs();
  });
  document.getElementById('next-page').addEventListener('click', () => {
    state.page += 1;
    showJobs();
  });
  document.getElementById('job-list').addEventListener('click', onAction);
}

/** Loads the current page now (and the overview), then keeps polling while a job on it runs. */
export function showJobs() {
  state.delay = FIRST_DELAY;
  refreshOverview().catch((e) => say(e.message));
  return load(++state.generation);
}

/** Stops polling (another view, or signed out). */
export function stopJobs() {
  state.generation += 1;
  clearTimeout(state.timer);
  state.seen.clear();
  manifests.clear();
}

async function load(generation) {
  clearTimeout(state.timer);
  const query = new URLSearchParams({ page: state.page, per_page: PER_PAGE });
  if (state.status) {
    query.set('status', state.status);
  }
  let answer;
  try {
    answer = await get(`/jobs?${query}`);
  } catch (e) {
    if (generation === state.generation && e instanceof ApiError && e.status === 429) {
      schedule(generation, Math.max(e.retryAfter * 1000, state.delay));
    } else if (generation === state.generation) {
      say(e.message);
    }
    return;
  }
  if (generation !== state.generation) {
    return;
  }
  const { changed, ended } = announceChanges(answer.jobs);
  render(answer);
  if (ended) {
    refreshOverview().catch((e) => say(e.message));
  }
  if (answer.jobs.some((job) => job.status === 'submitted')) {
    // Back off while nothing moves; come back quickly once something did.
    state.delay = changed ? FIRST_DELAY : Math.min(MAX_DELAY, Math.round(state.delay * 1.5));
    schedule(generation, state.delay);
  }
}

function schedule(generation, delay) {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => generation === state.generation && load(generation), delay);
}

/** Tells screen readers when a job starts or ends; says whether anything moved, and whether a job ended. */
function announceChanges(jobs) {
  const messages = [];
  let changed = false;
  let ended = false;
  for (const job of jobs) {
    const now = `${job.status}/${job.started_at ? 'running' : ''}/${job.progress ? job.progress.rows_written : ''}`;
    const before = state.seen.get(job.job_id);
    if (before !== undefined && before !== now) {
      changed = true;
      if (!before.startsWith(`${job.status}/`)) {
        ended = true;
        messages.push(`Job ${job.job_id.slice(0, 8)} ${job.status}${job.error_message ? `: ${job.error_message}` : ''}.`);
      } else if (!before.includes('/running/') && job.started_at) {
        messages.push(`Job ${job.job_id.slice(0, 8)} is running.`);
      }
    }
    state.seen.set(job.job_id, now);
  }
  if (messages.length) {
    document.getElementById('progress-announcer').textContent = messages.join(' ');
  }
  return { changed, ended };
}

function render({ jobs, pagination }) {
  const list = document.getElementById('job-list');
  const focused = document.activeElement && document.activeElement.closest('[data-job-id]')
    ? { id: document.activeElement.closest('[data-job-id]').dataset.jobId, action: document.activeElement.dataset.action }
    : null;
  list.replaceChildren(...jobs.map(jobItem));
  if (!jobs.length) {
    list.append(el('li', { class: 'empty', text: state.status ? `No ${state.status} jobs.` : 'No jobs yet.' }));
  }
  if (focused && focused.action) {
    const again = list.querySelector(`[data-job-id="${focused.id}"] [data-action="${focused.action}"]`);
    if (again) {
      again.focus();
    }
  }
  const pages = Math.max(1, pagination.total_pages);
  document.getElementById('page-info').textContent =
    `Page ${pagination.current_page} of ${pages} (${count(pagination.total_count)} jobs)`;
  document.getElementById('prev-page').disabled = pagination.current_page <= 1;
  document.getElementById('next-page').disabled = pagination.current_page >= pages;
  jobs.filter(isMultiFile).forEach(loadManifest);
}

// A job written to the account's own bucket has its files there: its /results answer 409.
const destination = (job) => (job.status === 'succeeded' && job.result && job.result.destination) || null;
const isMultiFile = (job) => job.status === 'succeeded' && job.result && job.result.file_count > 1 && !destination(job);

function jobItem(job) {
  const running = job.status === 'submitted' && job.started_at;
  const label = job.status === 'submitted' ? (running ? 'running' : 'queued') : job.status;
  const item = el('li', { class: 'job', 'data-job-id': job.job_id, 'data-status': job.status },
    el('div', { class: 'job-head' },
      el('span', { class: `badge badge-${running ? 'running' : job.status}`, text: label }),
      el('code', { class: 'job-id', title: job.job_id, text: job.job_id }),
    ),
    el('p', { class: 'job-what',
      text: `${job.report_type} · ${job.output_format} · ${job.start_date} to ${job.end_date} · `
        + `${count(job.property_ids.length)} properties · created ${when(job.created_at)}`
        + `${job.schedule_id ? ' · by a schedule (see Schedules)' : ''}`
        + `${job.iceberg_table ? ` · into Iceberg table ${job.iceberg_table}` : ''}` }),
  );
  if (job.status === 'submitted') {
    item.append(progress(job));
  }
  if (job.status === 'failed' && job.error_message) {
    item.append(el('p', { class: 'job-error', text: job.error_message }));
  }
  if (job.status === 'succeeded' && job.result) {
    item.append(el('p', { class: 'job-result',
      text: `${count(job.result.row_count)} rows · ${bytes(job.result.file_size_bytes)} · sha256 ${job.result.sha256}` }));
  }
  const to = destination(job);
  if (to) {
    item.append(el('p', { class: 'job-where', 'data-destination': `s3://${to.bucket}/${to.prefix}` },
      'Files in your bucket: ', el('code', { text: `s3://${to.bucket}/${to.prefix}` }),
      ` (${count(job.result.file_count)} file${job.result.file_count === 1 ? '' : 's'})`));
  }
  const snapshot = job.status === 'succeeded' && job.result && job.result.iceberg;
  if (snapshot) {
    // snapshot_id arrives as text (api.js): a 64-bit id shown as a JavaScript number would lose its last digits.
    item.append(el('dl', { class: 'destination-info', 'data-iceberg-snapshot': snapshot.snapshot_id },
      el('dt', { text: 'Iceberg table' }), el('dd', {}, el('code', { text: snapshot.table })),
      el('dt', { text: 'Snapshot id' }), el('dd', {}, el('code', { text: snapshot.snapshot_id })),
      el('dt', { text: 'Metadata' }), el('dd', {}, el('code', { text: snapshot.metadata_location }))));
  }
  const actions = el('div', { class: 'job-actions' });
  if (job.status === 'succeeded' && !isMultiFile(job) && !to) {
    actions.append(el('button', { type: 'button', 'data-action': 'download',
      'aria-label': `Download ${job.result ? job.result.file_name : 'the file'}`, text: 'Download' }));
  }
  if (isMultiFile(job)) {
    actions.append(el('ul', { class: 'files', 'aria-label': 'Files of this job' },
      ...(manifests.get(job.job_id) || []).map(fileLink)));
  }
  if (job.status === 'submitted') {
    actions.append(el('button', { type: 'button', class: 'danger', 'data-action': 'cancel',
      'aria-label': `Cancel job ${job.job_id}`, text: 'Cancel' }));
  }
  item.append(actions);
  return item;
}

function progress(job) {
  const p = job.progress || {};
  const percent = Math.round(p.percent || 0);
  const text = job.started_at
    ? `${percent}% · ${count(p.rows_written)} rows · ${count(p.properties_done)} of ${count(p.properties_total)} properties`
    : 'waiting for a worker';
  return el('div', { class: 'job-progress' },
    el('progress', { max: 100, value: percent, 'aria-label': `Progress of job ${job.job_id.slice(0, 8)}` }),
    el('span', { class: 'progress-text', text }));
}

const fileLink = (file) => el('li', {},
  el('a', { class: 'button', href: file.url, 'data-action': `file-${file.index}`,
    text: `Download ${file.file_name} (${bytes(file.file_size_bytes)})` }));

/** One link per file of a multi-file job, from its manifest (fetched once a page view). */
async function loadManifest(job) {
  if (manifests.has(job.job_id)) {
    return;
  }
  manifests.set(job.job_id, []);
  try {
    const manifest = await get(`/jobs/${job.job_id}/results/manifest`);
    manifests.set(job.job_id, manifest.files || []);
    const files = document.querySelector(`[data-job-id="${job.job_id}"] .files`);
    if (files) {
      files.replaceChildren(...manifests.get(job.job_id).map(fileLink));
    }
  } catch (e) {
    manifests.delete(job.job_id);
    say(`Files of job ${job.job_id.slice(0, 8)}: ${e.message}`);
  }
}

async function onAction(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) {
    return;
  }
  const jobId = button.closest('[data-job-id]').dataset.jobId;
  button.disabled = true;
  try {
    if (button.dataset.action === 'download') {
      // The API answers the pre-signed link as JSON: a fetch cannot read a redirect's Location.
      const link = await get(`/jobs/${jobId}/results/link`);
      window.location.assign(link.url);
    } else if (button.dataset.action === 'cancel') {
      await del(`/jobs/${jobId}`);
      document.getElementById('progress-announcer').textContent = `Job ${jobId.slice(0, 8)} cancelled.`;
      await showJobs();
    }
  } catch (e) {
    say(e.message);
    await showJobs();
  } finally {
    button.disabled = false;
  }
}
