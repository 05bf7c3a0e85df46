import { ApiError, call, session, whenUnauthorized } from './api.js';
import { initJobs, showJobs, stopJobs } from './jobs.js';
import { initCreate, resetCreate } from './create.js';
import { initSchedules, resetSchedules, showSchedules, stopSchedules } from './schedules.js';
import { initDestinations, resetDestinations, showDestinationChoices, showDestinations } from './destinations.js';

const VIEWS = ['sign-in', 'jobs', 'create', 'schedules', 'destinations'];

function notice(message) {
  const box = document.getElementById('notice');
  box.textContent = message;
  box.hidden = !message;
}

function show(view) {
  for (const name of VIEWS) {
    document.getElementById(`view-${name}`).hidden = name !== view;
  }
  document.getElementById('nav').hidden = view === 'sign-in';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === view) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  if (view === 'jobs') {
    showJobs();
  } else {
    stopJobs();
  }
  if (view === 'schedules') {
    showSchedules();
  } else {
    stopSchedules();
  }
  if (view === 'destinations') {
    showDestinations();
  } else if (view === 'create' || view === 'schedules') {
    showDestinationChoices();
  }
}

function route() {
  notice('');
  if (!session.key()) {
    show('sign-in');
    document.getElementById('api-key').focus();
    return;
  }
  const view = location.hash.slice(1);
  show(VIEWS.includes(view) && view !== 'sign-in' ? view : 'jobs');
}

function signOut(message) {
  session.signOut();
  stopJobs();
  resetCreate();
  resetSchedules();
  resetDestinations();
  document.getElementById('job-list').replaceChildren();
  document.getElementById('chart').replaceChildren();
  document.getElementById('totals').replaceChildren();
  route();
  notice(message || '');
}

async function signIn(event) {
  event.preventDefault();
  const input = document.getElementById('api-key');
  const error = document.getElementById('api-key-error');
  const key = input.value.trim();
  error.textContent = '';
  try {
    // One cheap call proves the key before it is kept.
    await call('GET', '/jobs?per_page=1', undefined, key);
  } catch (e) {
    error.textContent = e instanceof ApiError && e.status === 401 ? 'This key is not valid (unknown, revoked or expired).'
      : e.message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  input.value = '';
  session.signIn(key);
  if (location.hash !== '#jobs') {
    location.hash = '#jobs';
  } else {
    route();
  }
  document.getElementById('main').focus();
}

document.addEventListener('DOMContentLoaded', () => {
  whenUnauthorized(() => signOut('The key was refused (revoked or expired): sign in again.'));
  initJobs(notice);
  initSchedules(notice);
  initDestinations(notice);
  initCreate((job) => {
    location.hash = '#jobs';
    document.getElementById('progress-announcer').textContent = `Job ${job.job_id.slice(0, 8)} created.`;
  });
  document.getElementById('sign-in-form').addEventListener('submit', signIn);
  document.getElementById('sign-out').addEventListener('click', () => signOut('Signed out.'));
  window.addEventListener('hashchange', route);
  route();
});
