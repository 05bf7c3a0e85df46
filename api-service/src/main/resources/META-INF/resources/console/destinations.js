import { del, get, post } from './api.js';
import { fieldErrors } from './create.js';
import { el, when } from './format.js';

// The members of a destination; a 400 names one of them (DestinationRequestParser, the access check).
const FIELDS = ['type', 'name', 'bucket', 'prefix', 'region', 'endpoint', 'access_key_id', 'secret_access_key'];
const PREFIX = 'destination-';
const SELECTS = ['destination_id', 'schedule-destination_id'];

const errors = fieldErrors(FIELDS, PREFIX, 'destination-form-error');
let say = () => {};
const announce = (text) => {
  document.getElementById('destination-announcer').textContent = text;
};

/** Wires the destinations view; {@code notice} shows an error to the user. */
export function initDestinations(notice) {
  say = notice;
  document.getElementById('destination-form').addEventListener('submit', submit);
  document.getElementById('destinations-refresh').addEventListener('click', () => showDestinations());
  document.getElementById('destination-list').addEventListener('click', onDelete);
}

/** Empties the view, the form and the job forms' choices (signed out). */
export function resetDestinations() {
  document.getElementById('destination-list').replaceChildren();
  document.getElementById('destination-form').reset();
  errors.clear();
  fillSelects([]);
}

/** The account's destinations (the API's largest page: an account has a few). */
const load = async () => (await get('/destinations?per_page=100')).destinations;

/** Lists the destinations, and refreshes the job and schedule forms' choices. */
export async function showDestinations() {
  try {
    const destinations = await load();
    const list = document.getElementById('destination-list');
    list.replaceChildren(...destinations.map(item));
    if (!destinations.length) {
      list.append(el('li', { class: 'empty', text: 'No destinations yet: jobs are written to our bucket.' }));
    }
    fillSelects(destinations);
  } catch (e) {
    say(e.message);
  }
}

/** Fills the "Destination" selects of the job and schedule forms; a choice still there stays chosen. */
export async function showDestinationChoices() {
  try {
    fillSelects(await load());
  } catch (e) {
    say(e.message);
  }
}

const where = (d) => `s3://${d.bucket}/${d.prefix}`;

function fillSelects(destinations) {
  for (const id of SELECTS) {
    const select = document.getElementById(id);
    const chosen = select.value;
    select.replaceChildren(select.options[0],
      ...destinations.map((d) => el('option', { value: d.destination_id, text: `${d.name} (${where(d)})` })));
    select.value = destinations.some((d) => d.destination_id === chosen) ? chosen : '';
  }
}

function item(d) {
  const row = (label, value) => [el('dt', { text: label }), el('dd', { text: value })];
  return el('li', { class: 'job destination', 'data-destination-id': d.destination_id, 'data-name': d.name },
    el('div', { class: 'job-head' }, el('strong', { class: 'schedule-name', text: d.name })),
    el('dl', { class: 'destination-info' },
      ...row('Where', where(d)), ...row('Type', d.type), ...row('Bucket', d.bucket), ...row('Prefix', d.prefix), ...row('Region', d.region),
      ...row('Endpoint', d.endpoint || 'AWS S3'), ...row('Access key id', d.access_key_id),
      ...row('Added', when(d.created_at))),
    el('div', { class: 'job-actions' },
      el('button', { type: 'button', class: 'danger', 'data-action': 'delete',
        'aria-label': `Delete destination ${d.name}`, text: 'Delete' })));
}

function body() {
  const value = (id) => document.getElementById(PREFIX + id).value.trim();
  const request = {};
  for (const field of FIELDS) {
    if (field !== 'endpoint' || value(field)) {
      request[field] = field === 'secret_access_key' ? document.getElementById(PREFIX + field).value : value(field);
    }
  }
  return request;
}

async function submit(event) {
  event.preventDefault();
  const button = document.getElementById('destination-submit');
  const secret = document.getElementById(`${PREFIX}secret_access_key`);
  button.disabled = true;
  try {
    const destination = await post('/destinations', body());
    document.getElementById('destination-form').reset();
    errors.clear();
    announce(`Destination ${destination.name} added: ${where(destination)}.`);
    await showDestinations();
  } catch (e) {
    errors.show(e, true);
  } finally {
    secret.value = ''; // never left in the page, sent or refused
    button.disabled = false;
  }
}

async function onDelete(event) {
  const button = event.target.closest('button[data-action=delete]');
  if (!button) {
    return;
  }
  const { destinationId, name } = button.closest('[data-destination-id]').dataset;
  if (!window.confirm(`Delete destination "${name}"? Jobs already created keep writing to it.`)) {
    return;
  }
  button.disabled = true;
  try {
    await del(`/destinations/${destinationId}`);
    announce(`Destination ${name} deleted.`);
    document.getElementById('destination-list-title').focus();
  } catch (e) {
    say(e.message);
    button.disabled = false;
  }
  await showDestinations();
}
