/*
 * govgraph operations console (browser side, no build step): every value comes from the
 * hub's own GraphQL endpoint under the key typed in (the policy decides what it may see),
 * the alert feed over graphql-ws, the tiles from /console/summary.json. Every value is
 * written as text (textContent), never as HTML: quarantined rows are untrusted input.
 */
(function () {
  'use strict';
  var $ = function (s) { return document.querySelector(s); };
  var key = sessionStorage.getItem('govgraph-console-key') || '';
  var wsClient = null;
  var timers = [];

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '—' : String(text);
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function fill(table, rows, render) {
    var body = $(table + ' tbody');
    body.replaceChildren();
    rows.forEach(function (r) { var tr = document.createElement('tr'); render(tr, r); body.appendChild(tr); });
  }
  function when(iso) { return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : null; }
  function lag(s) {
    if (s === null || s === undefined) return null;
    if (s < 120) return s + ' 秒';
    if (s < 7200) return Math.round(s / 60) + ' 分';
    return Math.round(s / 3600) + ' 时';
  }
  function status(text, bad) { var el = $('#status'); el.textContent = text; el.className = bad ? 'bad' : ''; }

  async function gql(query, variables) {
    var res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key }, body: JSON.stringify({ query: query, variables: variables || {} }) });
    var body = await res.json();
    if (body.errors && body.errors.length) throw new Error(body.errors[0].message + ' (' + (body.errors[0].extensions && body.errors[0].extensions.code) + ')');
    return body.data;
  }

  async function loadSources() {
    var d = await gql('{ sources { id connector enabled lastSuccessAt lagSeconds lastRun { status } } }');
    fill('#sources', d.sources, function (tr, s) {
      cell(tr, s.id); cell(tr, s.connector); cell(tr, s.enabled ? '是' : '否');
      cell(tr, when(s.lastSuccessAt)); cell(tr, lag(s.lagSeconds), s.lagSeconds > 3 * 3600 ? 'bad' : 'ok');
      cell(tr, s.lastRun && s.lastRun.status, s.lastRun && s.lastRun.status === 'failed' ? 'bad' : '');
    });
  }
  async function loadRuns() {
    var d = await gql('{ syncRuns(first: 15) { sourceId status startedAt counts { read inserted updated unchanged quarantined } } }');
    fill('#runs', d.syncRuns, function (tr, r) {
      cell(tr, r.sourceId); cell(tr, r.status, r.status === 'failed' ? 'bad' : r.status === 'succeeded' ? 'ok' : 'warn'); cell(tr, when(r.startedAt));
      ['read', 'inserted', 'updated', 'unchanged', 'quarantined'].forEach(function (k) { cell(tr, r.counts[k], 'num'); });
    });
  }
  async function loadQuarantine() {
    var d = await gql('{ quarantine(first: 50, filter: { unresolved: true }) { edges { node { id sourceId reasonCode reason raw receivedAt reprocessable } } } }');
    fill('#quarantine', d.quarantine.edges.map(function (e) { return e.node; }), function (tr, q) {
      var td = document.createElement('td');
      var box = document.createElement('input');
      box.type = 'checkbox'; box.value = q.id; box.disabled = !q.reprocessable; box.className = 'pick';
      box.addEventListener('change', function () { $('#reprocess').disabled = !document.querySelector('input.pick:checked'); });
      td.appendChild(box); tr.appendChild(td);
      cell(tr, q.sourceId); cell(tr, q.reasonCode, 'bad'); cell(tr, q.reason);
      var raw = document.createElement('td'); var pre = document.createElement('pre'); pre.className = 'raw'; pre.textContent = q.raw; raw.appendChild(pre); tr.appendChild(raw);
      cell(tr, when(q.receivedAt));
    });
  }
  async function loadTiles() {
    var res = await fetch('/console/summary.json', { headers: { authorization: 'Bearer ' + key } });
    if (!res.ok) return;
    var tiles = await res.json();
    var box = $('#tiles');
    box.replaceChildren();
    tiles.forEach(function (t) {
      var div = document.createElement('div'); div.className = 'tile';
      var b = document.createElement('b'); b.textContent = t.value; var span = document.createElement('span'); span.textContent = t.label;
      div.appendChild(b); div.appendChild(span); box.appendChild(div);
    });
  }
  async function reprocess() {
    var ids = Array.prototype.map.call(document.querySelectorAll('input.pick:checked'), function (b) { return b.value; });
    if (!ids.length) return;
    $('#reprocess').disabled = true;
    try {
      var d = await gql('mutation ($ids: [ID!]!) { reprocessQuarantine(ids: $ids) { examined accepted stillRejected notReprocessable } }', { ids: ids });
      var r = d.reprocessQuarantine;
      $('#reprocessed').textContent = '重处理 ' + r.examined + ' 条：通过 ' + r.accepted + '，仍不合格 ' + r.stillRejected + '，不可重处理 ' + r.notReprocessable;
      await Promise.all([loadQuarantine(), loadRuns()]);
    } catch (e) {
      $('#reprocessed').textContent = String(e.message);
    }
  }
  function startFeed() {
    if (wsClient) wsClient.dispose();
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
    wsClient = graphqlWs.createClient({ url: url, connectionParams: { authorization: 'Bearer ' + key }, retryAttempts: 5 });
    wsClient.subscribe({ query: 'subscription { alerts { kind severity title divisionCode createdAt } }' }, {
      next: function (r) {
        if (!r.data) return;
        var a = r.data.alerts; var li = document.createElement('li');
        li.textContent = when(a.createdAt) + ' · ' + a.kind + ' · ' + a.title + (a.divisionCode ? ' · ' + a.divisionCode : '');
        li.className = a.severity === 'CRITICAL' ? 'bad' : a.severity === 'WARNING' ? 'warn' : '';
        var feed = $('#feed'); feed.insertBefore(li, feed.firstChild);
        while (feed.children.length > 50) feed.removeChild(feed.lastChild);
      },
      error: function (e) { status('告警订阅中断 (alert feed stopped): ' + (e && e.message || e), true); },
      complete: function () {},
    });
  }
  async function connect() {
    timers.forEach(clearInterval); timers = [];
    try {
      await Promise.all([loadSources(), loadRuns(), loadQuarantine(), loadTiles()]);
      startFeed();
      status('已连接 (connected) · ' + new Date().toLocaleTimeString('zh-CN', { hour12: false }));
      timers.push(setInterval(function () { loadSources().catch(function () {}); loadRuns().catch(function () {}); }, 10000));
      timers.push(setInterval(function () { loadTiles().catch(function () {}); }, 5000));
    } catch (e) {
      status('无法连接 (cannot connect): ' + e.message, true);
    }
  }
  $('#login').addEventListener('submit', function (ev) {
    ev.preventDefault();
    key = $('#key').value.trim();
    sessionStorage.setItem('govgraph-console-key', key);
    connect();
  });
  $('#reprocess').addEventListener('click', reprocess);
  if (key) connect();
})();
