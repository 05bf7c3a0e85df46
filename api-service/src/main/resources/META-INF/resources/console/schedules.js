import { ApiError, del, get, patch, post } from './api.js';
import { fieldErrors, jobOptions } from './create.js';
import { count, el, when, zoned } from './format.js';

// The schedule members first, then the job options; a 400 names one of them (ScheduleRequestValidator).
const FIELDS = ['name', 'cadence', 'time_zone', 'window', 'report_type', 'output_format', 'compression',
  'property_ids', 'fields', 'max_file_size_mb', 'callback_url', 'destination_id', 'iceberg_table'];
const PREFIX = 'schedule-';
const PER_PAGE = 20;
const POLL = 2000;
const UNFINISHED = ['pending', 'submitted'];

const state = { page: 1, timer: null, generation: 0, open: new Set(), runs: new Map() };
const errors = fieldErrors(FIELDS, PREFIX, 'schedule-form-error');
let say = () => {};
const announce = (text) => {
  document.getElementById('schedule-announcer').textContent = text;
};

/** Wires the schedules view; {@code notice} shows an error to the user. */
export function initSchedules(notice) {
  say = notice;
  document.getElementById('schedule-form').addEventListener('submit', submit);
  document.getElementById('schedule-window').addEventListener('change', (event) => {
    document.getElementById('schedule-last_days').disabled = event.target.value !== 'last_days';
  });
  document.getElementById('schedules-refresh').addEventListener('click', () => showSchedules());
  document.getElementById('schedules-prev').addEventListener('click', () => {
    state.page = Math.max(1, state.page - 1);
    showSchedules();
  });
  document.getElementById('schedules-next').addEventListener('click', () => {
    state.page += 1;
    showSchedules();
  });
  const list = document.getElementById('schedule-list');
  list.addEventListener('click', onAction);
  list.addEventListener('submit', backfill);
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  document.getElementById('schedule-time-zones').replaceChildren(...['UTC', ...zones].map((zone) => el('option', { value: zone })));
  resetSchedules();
}

/** Empties the view and the form (signed out). */
export function resetSchedules() {
  stopSchedules();
  state.page = 1;
  state.open.clear();
  state.runs.clear();
  document.getElementById('schedule-list').replaceChildren();
  resetForm();
}

/** The form as new: the browser's time zone, the window's N off until "the last N days" is chosen. */
function resetForm() {
  document.getElementById('schedule-form').reset();
  document.getElementById('schedule-last_days').disabled = true;
  document.getElementById('schedule-time_zone').value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  errors.clear();
}

/** Loads the current page now, then again every 2 s while a run it shows is pending or its job unfinished. */
export function showSchedules() {
  return load(++state.generation);
}

/** Stops polling (another view, or signed out). */
export function stopSchedules() {
  state.generation += 1;
  clearTimeout(state.timer);
}

async function load(generation) {
  clearTimeout(state.timer);
  let answer;
  try {
    answer = await get(`/schedules?page=${state.page}&per_page=${PER_PAGE}`);
    if (generation === state.generation) {
      render(answer);
      await Promise.all([...state.open].map(loadRuns));
    }
  } catch (e) {
    if (generation === state.generation && e instanceof ApiError && e.status === 429) {
      state.timer = setTimeout(() => generation === state.generation && load(generation), Math.max(e.retryAfter * 1000, POLL));
    } else if (generation === state.generation) {
      say(e.message);
    }
    return;
  }
  const busy = answer.schedules.some((s) => s.last_run && UNFINISHED.includes(s.last_run.status))
    || [...state.open].some((id) => (state.runs.get(id) || []).some((run) => UNFINISHED.includes(run.status)));
  if (generation === state.generation && busy) {
    state.timer = setTimeout(() => generation === state.generation && load(generation), POLL);
  }
}

/** Updates the list in place: an item stays the same node, so focus and a half-typed backfill survive a poll. */
function render({ schedules, pagination }) {
  const list = document.getElementById('schedule-list');
  const ids = new Set(schedules.map((s) => s.schedule_id));
  for (const item of [...list.children]) {
    if (!ids.has(item.dataset.scheduleId)) {
      item.remove();
    }
  }
  for (const schedule of schedules) {
    const item = list.querySelector(`[data-schedule-id="${schedule.schedule_id}"]`) || list.appendChild(newItem(schedule));
    fill(item, schedule);
  }
  if (!schedules.length) {
    list.append(el('li', { class: 'empty', text: 'No schedules yet.' }));
  }
  for (const id of [...state.open]) {
    if (!ids.has(id)) {
      state.open.delete(id);
    }
  }
  const pages = Math.max(1, pagination.total_pages);
  document.getElementById('schedules-page-info').textContent =
    `Page ${pagination.current_page} of ${pages} (${count(pagination.total_count)} schedules)`;
  document.getElementById('schedules-prev').disabled = pagination.current_page <= 1;
  document.getElementById('schedules-next').disabled = pagination.current_page >= pages;
}

function newItem(schedule) {
  const id = schedule.schedule_id;
  const field = (name, label) => el('div', { class: 'field' },
    el('label', { for: `backfill-${id}-${name}`, text: label }),
    el('input', { id: `backfill-${id}-${name}`, name, type: 'date', required: true,
      'aria-describedby': `backfill-${id}-${name}-error` }),
    el('p', { id: `backfill-${id}-${name}-error`, class: 'field-error' }));
  return el('li', { class: 'job schedule', 'data-schedule-id': id },
    el('div', { class: 'job-head' }, el('span', { class: 'badge' }), el('strong', { class: 'schedule-name' })),
    el('div', { class: 'schedule-info' }),
    el('div', { class: 'job-actions' },
      el('button', { type: 'button', class: 'secondary', 'data-action': 'pause' }),
      el('button', { type: 'button', class: 'secondary', 'data-action': 'runs', 'aria-expanded': 'false',
        'aria-controls': `runs-${id}`, text: 'Runs and backfill' }),
      el('button', { type: 'button', class: 'danger', 'data-action': 'delete', text: 'Delete' })),
    el('div', { id: `runs-${id}`, class: 'schedule-panel', hidden: true },
      el('form', { class: 'backfill', novalidate: true, 'aria-label': `Backfill ${schedule.name}` },
        el('p', { class: 'help', text: 'Backfill: run the whole past periods between two dates now (at most 36; '
          + 'periods run already are skipped).' }),
        el('div', { class: 'grid' }, field('from', 'From'), field('to', 'To')),
        el('p', { id: `backfill-${id}-error`, class: 'field-error', role: 'alert' }),
        el('button', { type: 'submit', class: 'secondary', text: 'Backfill' })),
      el('h4', { text: 'Runs, latest period first' }),
      el('ul', { class: 'runs', 'aria-label': `Runs of ${schedule.name}` })));
}

const windowText = (window) => (window && window.last_days ? `the last ${window.last_days} days`
  : { previous_period: 'the period that just ended', since_last_success: 'since the last succeeded run' }[window] || window);

const inZone = (iso, zone) => (zone === 'UTC' ? when(iso) : `${zoned(iso, zone)} (${when(iso)})`);

function fill(item, s) {
  item.dataset.paused = String(s.paused);
  item.dataset.name = s.name;
  const badge = item.querySelector('.badge');
  badge.className = `badge badge-${s.paused ? 'cancelled' : 'running'}`;
  badge.textContent = s.paused ? 'paused' : 'active';
  item.querySelector('.schedule-name').textContent = s.name;
  const last = s.last_run;
  item.querySelector('.schedule-info').replaceChildren(
    el('p', { class: 'job-what', text: `${s.cadence} in ${s.time_zone} · exports ${windowText(s.window)}` }),
    el('p', { class: 'job-what', text: `${s.report_type} · ${s.output_format}${s.compression ? ` · ${s.compression}` : ''} · `
      + `${count(s.property_ids.length)} properties${s.callback_url ? ` · calls ${s.callback_url}` : ''}`
      + `${s.iceberg_table ? ` · into Iceberg table ${s.iceberg_table}` : ''}` }),
    el('p', { 'data-next-run': '', text: `Next run: ${s.paused ? 'none while paused' : inZone(s.next_run_at, s.time_zone)}` }),
    el('p', { 'data-last-run': last ? last.status : '', text: `Last run: ${last
      ? `${last.status} · ${last.start_date} to ${last.end_date}${last.job_id ? ` · job ${last.job_id}` : ''}`
        + `${last.error_message ? ` · ${last.error_message}` : ''}` : 'none yet'}` }));
  const pause = item.querySelector('[data-action=pause]');
  pause.textContent = s.paused ? 'Resume' : 'Pause';
  pause.setAttribute('aria-label', `${s.paused ? 'Resume' : 'Pause'} schedule ${s.name}`);
  item.querySelector('[data-action=runs]').setAttribute('aria-label', `Runs and backfill of schedule ${s.name}`);
  item.querySelector('[data-action=delete]').setAttribute('aria-label', `Delete schedule ${s.name}`);
}

/** The runs of an open panel: each its period, status and job (the same job as in the jobs list). */
async function loadRuns(id) {
  const runs = (await get(`/schedules/${id}/runs?per_page=50`)).runs;
  state.runs.set(id, runs);
  const list = document.querySelector(`#runs-${id} .runs`);
  if (!list) {
    return;
  }
  list.replaceChildren(...runs.map((run) => el('li', { 'data-job-id': run.job_id, 'data-status': run.status },
    el('span', { class: `badge badge-${run.status}`, text: run.status }),
    el('span', { text: ` ${run.start_date} to ${run.end_date}${run.backfill ? ' (backfill)' : ''} · run at ${when(run.run_at)}` }),
    run.job_id ? el('code', { class: 'job-id', text: ` job ${run.job_id}` }) : null,
    run.error_message ? el('span', { class: 'job-error', text: ` ${run.error_message}` }) : null)));
  if (!runs.length) {
    list.append(el('li', { class: 'empty', text: 'No runs yet.' }));
  }
}

async function onAction(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) {
    return;
  }
  const item = button.closest('[data-schedule-id]');
  const id = item.dataset.scheduleId;
  const name = item.dataset.name;
  if (button.dataset.action === 'runs') {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    document.getElementById(`runs-${id}`).hidden = !open;
    if (open) {
      state.open.add(id);
      showSchedules();
    } else {
      state.open.delete(id);
    }
    return;
  }
  if (button.dataset.action === 'delete' && !window.confirm(`Delete schedule "${name}"? Its jobs stay.`)) {
    return;
  }
  button.disabled = true;
  try {
    if (button.dataset.action === 'pause') {
      const paused = item.dataset.paused !== 'true';
      await patch(`/schedules/${id}`, { paused });
      announce(`Schedule ${name} ${paused ? 'paused' : 'resumed'}.`);
    } else if (button.dataset.action === 'delete') {
      await del(`/schedules/${id}`);
      announce(`Schedule ${name} deleted; its jobs stay.`);
      document.getElementById('schedule-list-title').focus();
    }
  } catch (e) {
    say(e.message);
  } finally {
    button.disabled = false;
  }
  await showSchedules();
  if (button.isConnected && (!document.activeElement || document.activeElement === document.body)) {
    button.focus(); // disabling the button while the call ran took the focus away
  }
}

async function backfill(event) {
  event.preventDefault();
  const item = event.target.closest('[data-schedule-id]');
  const id = item.dataset.scheduleId;
  const prefix = `backfill-${id}-`;
  const problems = fieldErrors(['from', 'to'], prefix, `backfill-${id}-error`);
  const button = event.target.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const answer = await post(`/schedules/${id}/backfill`, {
      from: document.getElementById(`${prefix}from`).value, to: document.getElementById(`${prefix}to`).value });
    problems.clear();
    announce(`${answer.runs.length} run${answer.runs.length === 1 ? '' : 's'} of ${item.dataset.name} queued.`);
    await showSchedules();
  } catch (e) {
    problems.show(e, true);
  } finally {
    button.disabled = false;
  }
}

/** The create body: the job options of the form (as create.js reads them) and the schedule's own members. */
function body() {
  const value = (id) => document.getElementById(PREFIX + id).value.trim();
  const days = value('last_days');
  return {
    name: value('name'),
    cadence: value('cadence'),
    time_zone: value('time_zone'),
    window: value('window') === 'last_days' ? { last_days: /^\d+$/.test(days) ? Number(days) : days } : value('window'),
    ...jobOptions(PREFIX),
    paused: document.getElementById(`${PREFIX}paused`).checked,
  };
}

async function submit(event) {
  event.preventDefault();
  const button = document.getElementById('schedule-submit');
  button.disabled = true;
  try {
    const schedule = await post('/schedules', body());
    resetForm();
    announce(`Schedule ${schedule.name} created; next run ${schedule.paused ? 'none while paused'
      : inZone(schedule.next_run_at, schedule.time_zone)}.`);
    await showSchedules();
  } catch (e) {
    errors.show(e, true);
  } finally {
    button.disabled = false;
  }
}
