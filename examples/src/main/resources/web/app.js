// The demo page: talks to the instance that served it (same origin) and draws its live figures.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { user: null, dashboard: null };

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const json = await res.json();
  if (!res.ok) {
    throw new Error(json.error || ('HTTP ' + res.status));
  }
  return json;
}

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

function renderDashboard(d) {
  const root = $('dashboard');
  root.replaceChildren();
  for (const v of d.ventures) {
    const box = document.createElement('div');
    box.className = 'venture';
    box.dataset.venture = v.venture.id;
    box.appendChild(text('h3', v.venture.name + ' (#' + v.venture.id + ') — income this month ' + v.monthlyIncome));
    const drafts = document.createElement('ul');
    drafts.className = 'drafts';
    for (const draft of v.recentDrafts) {
      const li = text('li', draft.title + ' — ' + draft.status);
      li.dataset.draft = draft.id;
      drafts.appendChild(li);
    }
    box.appendChild(drafts);
    root.appendChild(box);
  }
  const select = $('draft-venture');
  const chosen = select.value;
  select.replaceChildren(...d.ventures.map((v) => {
    const o = text('option', v.venture.name + ' (#' + v.venture.id + ')');
    o.value = v.venture.id;
    return o;
  }));
  if (chosen && d.ventures.some((v) => String(v.venture.id) === chosen)) select.value = chosen;
}

async function loadDashboard() {
  if (!state.user) return;
  try {
    const r = await api('GET', '/api/users/' + state.user + '/dashboard');
    state.dashboard = r.dashboard;
    renderDashboard(r.dashboard);
    $('status').className = '';
    $('status').textContent = 'dashboard of user ' + state.user + ' loaded ' + new Date().toLocaleTimeString();
  } catch (e) {
    $('status').className = 'error';
    $('status').textContent = e.message;
  }
}

async function loadUsers() {
  const r = await api('GET', '/api/users');
  $('instance').textContent = r.instance;
  document.title = 'Strata demo — ' + r.instance;
  $('user').replaceChildren(...r.users.map((u) => {
    const o = text('option', u.name + ' (#' + u.id + ', ' + u.ventures + ' ventures)');
    o.value = u.id;
    return o;
  }));
  const wanted = new URLSearchParams(location.search).get('user');
  if (wanted && r.users.some((u) => String(u.id) === wanted)) $('user').value = wanted;
  state.user = $('user').value;
}

async function createDraft(ev) {
  ev.preventDefault();
  try {
    const venture = $('draft-venture').value;
    const r = await api('POST', '/api/ventures/' + venture + '/content',
      { userId: Number(state.user), title: $('draft-title').value, body: $('draft-body').value });
    $('created').className = '';
    $('created').textContent = 'draft ' + r.draftId + ' created';
    $('created').dataset.draft = r.draftId;
    await loadDashboard();
  } catch (e) {
    $('created').className = 'error';
    $('created').textContent = e.message;
  }
}

async function search(ev) {
  ev.preventDefault();
  const list = $('search-results');
  try {
    const venture = $('draft-venture').value;
    const r = await api('GET', '/api/ventures/' + venture + '/search?q=' + encodeURIComponent($('search-q').value));
    list.replaceChildren(...r.hits.map((h) => text('li', h.title + ' (draft ' + h.draftId + ', score ' + h.score.toFixed(3) + ')')));
    if (r.hits.length === 0) list.replaceChildren(text('li', 'nothing indexed matches yet'));
  } catch (e) {
    list.replaceChildren(text('li', e.message, 'error'));
  }
}

async function drill(ev) {
  const name = ev.target.dataset.drill;
  try {
    const s = await api('POST', '/api/drills/' + name);
    showDrillState(s);
  } catch (e) {
    $('drill-state').textContent = e.message;
  }
}

function showDrillState(s) {
  $('drill-state').textContent = 'replay paused: ' + s.replicaReplayPaused + ', Redis stopped: ' + s.redisStopped
    + ', Qdrant stopped: ' + s.qdrantStopped;
}

const CHARTS = [
  { id: 'chart-latency', title: 'page latency (ms)', series: [['p50_ms', 'p50', '#1d3557'], ['p99_ms', 'p99', '#e63946']] },
  { id: 'chart-cache', title: 'cache hit ratio per tier', series: [['l1_hit_ratio', 'L1', '#2a9d8f'], ['l2_hit_ratio', 'L2 (Redis)', '#f4a261']] },
  { id: 'chart-statements', title: 'database statements per page', series: [['statements_per_page', 'statements', '#6d597a']] },
  { id: 'chart-replica-share', title: 'replica share of reads', series: [['replica_share', 'replica', '#457b9d']] },
  { id: 'chart-replica-lag', title: 'replica lag (ms)', series: [['replica_lag_ms', 'lag', '#e76f51']] },
  { id: 'chart-backlog', title: 'outbox backlog (index jobs)', series: [['outbox_backlog', 'jobs', '#264653']] },
];
const plots = [];

function makeCharts() {
  for (const c of CHARTS) {
    const opts = {
      title: c.title, width: 410, height: 180,
      series: [{}].concat(c.series.map(([, label, stroke]) => ({ label, stroke, width: 2, spanGaps: false }))),
      axes: [{}, {}],
    };
    const data = [[]].concat(c.series.map(() => []));
    plots.push({ chart: c, plot: new uPlot(opts, data, $(c.id)) });
  }
}

async function refreshCharts() {
  try {
    const s = await api('GET', '/api/stats');
    for (const { chart, plot } of plots) {
      plot.setData([s.t].concat(chart.series.map(([key]) => s[key])));
    }
  } catch (e) {
    $('status').textContent = 'figures: ' + e.message;
  }
}

async function tick() {
  if ($('live').checked) await loadDashboard();
  await refreshCharts();
}

async function main() {
  makeCharts();
  await loadUsers();
  $('user').addEventListener('change', () => { state.user = $('user').value; loadDashboard(); });
  $('draft-form').addEventListener('submit', createDraft);
  $('search-form').addEventListener('submit', search);
  document.querySelectorAll('[data-drill]').forEach((b) => b.addEventListener('click', drill));
  showDrillState((await api('GET', '/api/drills')).state);
  await loadDashboard();
  await refreshCharts();
  document.body.dataset.ready = 'true';
  setInterval(tick, 1000);
}

main().catch((e) => { $('status').className = 'error'; $('status').textContent = e.message; });
