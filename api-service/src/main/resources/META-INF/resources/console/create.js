import { ApiError, get, post } from './api.js';
import { count, el } from './format.js';

// A 400's message names the field it is about (JobRequestValidator): the first of these it mentions.
const FIELDS = ['report_type', 'output_format', 'compression', 'start_date', 'end_date', 'property_ids',
  'fields', 'max_file_size_mb', 'callback_url', 'destination_id', 'iceberg_table'];

let created = () => {};

/** Wires the form; {@code onCreated(job)} runs after a 201. */
export function initCreate(onCreated) {
  created = onCreated;
  const form = document.getElementById('create-form');
  form.addEventListener('submit', submit);
  form.addEventListener('change', (event) => {
    if (!event.target.closest('.picker')) {
      checkQuota();
    }
  });
  document.getElementById('lookup').addEventListener('click', lookup);
  document.getElementById('lookup-results').addEventListener('click', addProperty);
  for (const id of ['lookup-query', 'lookup-city', 'lookup-state']) {
    document.getElementById(id).addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        lookup();
      }
    });
  }
}

export function resetCreate() {
  document.getElementById('create-form').reset();
  document.getElementById('quota').replaceChildren();
  document.getElementById('lookup-results').replaceChildren();
  document.getElementById('lookup-status').textContent = '';
  clearErrors();
}

/**
 * The job options of a form whose inputs have the ids {@code prefix + member}: a create body without dates.
 * What cannot be read is sent as typed, so the API names the field. The schedules form uses it too.
 */
export function jobOptions(prefix = '') {
  const value = (id) => document.getElementById(prefix + id).value.trim();
  const ids = value('property_ids').split(/[\s,]+/).filter(Boolean).map((id) => (/^\d+$/.test(id) ? Number(id) : id));
  const request = {
    report_type: value('report_type'),
    output_format: value('output_format'),
    property_ids: ids,
  };
  if (value('compression') !== 'none') {
    request.compression = value('compression');
  }
  if (value('fields')) {
    request.fields = value('fields').split(/[\s,]+/).filter(Boolean);
  }
  if (value('max_file_size_mb')) {
    const size = value('max_file_size_mb');
    request.max_file_size_mb = /^\d+$/.test(size) ? Number(size) : size;
  }
  if (value('callback_url')) {
    request.callback_url = value('callback_url');
  }
  if (value('destination_id')) {
    request.destination_id = value('destination_id');
  }
  if (value('iceberg_table')) {
    request.iceberg_table = value('iceberg_table');
  }
  return request;
}

/** The create body as the API takes it. */
function body() {
  const value = (id) => document.getElementById(id).value.trim();
  return { ...jobOptions(), start_date: value('start_date'), end_date: value('end_date') };
}

const complete = (request) => request.start_date && request.end_date && request.property_ids.length;

/**
 * The errors of a form whose inputs have the ids {@code prefix + field}, each with a {@code -error} paragraph:
 * {@code show(error, focus)} puts a 400 next to the first of {@code fields} its message names (the API's
 * messages name the field), or into the paragraph {@code formErrorId} when it names none; {@code clear()}.
 */
export function fieldErrors(fields, prefix, formErrorId) {
  const clear = () => {
    for (const field of fields) {
      document.getElementById(`${prefix}${field}-error`).textContent = '';
      document.getElementById(prefix + field).removeAttribute('aria-invalid');
    }
    document.getElementById(formErrorId).textContent = '';
  };
  const show = (error, focus) => {
    clear();
    const message = error.message;
    const named = fields.map((field) => [field, message.indexOf(field)])
      .filter(([, at]) => at >= 0)
      .sort((a, b) => a[1] - b[1]);
    if (error instanceof ApiError && error.status === 400 && named.length) {
      const field = named[0][0];
      document.getElementById(`${prefix}${field}-error`).textContent = message;
      const input = document.getElementById(prefix + field);
      input.setAttribute('aria-invalid', 'true');
      if (focus) {
        input.focus();
      }
    } else {
      document.getElementById(formErrorId).textContent = message;
    }
  };
  return { clear, show };
}

const errors = fieldErrors(FIELDS, '', 'form-error');
const clearErrors = errors.clear;
const showProblem = errors.show;

let quotaRequest = 0;

/** quota_impact of the form as it stands: what creating it would consume of the month's quota. */
async function checkQuota() {
  const request = body();
  const panel = document.getElementById('quota');
  if (!complete(request)) {
    panel.replaceChildren();
    return;
  }
  const mine = ++quotaRequest;
  try {
    const impact = await post('/jobs/quota_impact', request);
    if (mine !== quotaRequest) {
      return;
    }
    clearErrors();
    panel.replaceChildren(el('h3', { text: 'Quota impact' }), el('p', { 'data-quota': 'impact',
      text: `${count(impact.new_records)} of ${count(impact.requested_records)} properties count against this month's `
        + `quota (${count(impact.prev_records)} already exported this month). Usage would go from `
        + `${count(impact.consumed_quota)} to ${count(impact.expected_new_consumed_quota)} of ${count(impact.total_quota)}.` }));
    if (impact.expected_new_consumed_quota > impact.total_quota) {
      panel.append(el('p', { class: 'field-error', text: 'This is over the monthly quota: the API will refuse it.' }));
    }
  } catch (e) {
    if (mine === quotaRequest) {
      panel.replaceChildren();
      showProblem(e, false);
    }
  }
}

async function submit(event) {
  event.preventDefault();
  quotaRequest += 1; // a quota answer still on its way must not clear what the create answers
  const button = document.getElementById('create-submit');
  button.disabled = true;
  try {
    const job = await post('/jobs', body());
    resetCreate();
    created(job);
  } catch (e) {
    showProblem(e, true);
  } finally {
    button.disabled = false;
  }
}

async function lookup() {
  const query = new URLSearchParams({ per_page: 20 });
  const filters = { query: 'lookup-query', city: 'lookup-city', state: 'lookup-state' };
  for (const [name, id] of Object.entries(filters)) {
    const value = document.getElementById(id).value.trim();
    if (value) {
      query.set(name, value);
    }
  }
  const status = document.getElementById('lookup-status');
  const results = document.getElementById('lookup-results');
  status.textContent = 'Searching…';
  try {
    const answer = await get(`/api/v1/properties/lookup?${query}`);
    results.replaceChildren(...answer.properties.map((p) => el('li', {},
      el('span', { text: `${p.id}: ${p.property_name}, ${p.city} ${p.state}` }),
      el('button', { type: 'button', class: 'secondary', 'data-property-id': p.id,
        'aria-label': `Add ${p.property_name} (id ${p.id})`, text: 'Add' }))));
    status.textContent = `${count(answer.pagination.total_count)} found${
      answer.pagination.total_count > answer.properties.length ? `; the first ${answer.properties.length} shown` : ''}.`;
  } catch (e) {
    results.replaceChildren();
    status.textContent = e.message;
  }
}

function addProperty(event) {
  const button = event.target.closest('button[data-property-id]');
  if (!button) {
    return;
  }
  const input = document.getElementById('property_ids');
  const ids = input.value.split(/[\s,]+/).filter(Boolean);
  if (!ids.includes(button.dataset.propertyId)) {
    ids.push(button.dataset.propertyId);
  }
  input.value = ids.join(', ');
  document.getElementById('lookup-status').textContent = `Added property ${button.dataset.propertyId}.`;
  checkQuota();
}
