/**
 * The dashboard's script, inlined in the page (no library, no request but
 * the page's own CSV on the same origin, so the browser resends the Basic
 * credentials it used for the page).
 *
 *   every 2 s:  GET <uri>;csv;norefresh[?scope=..]
 *                 │ parseCsv
 *                 ├─► rows by (pxname, svname) ─► status cells, row classes, counters
 *                 └─► BACKEND rows ─► per-backend history (5 min) ─► 3 canvas charts
 *                       requests/s   Δreq_tot/Δt (Δstot for TCP backends)
 *                       errors/s     Δ(hrsp_5xx + econ + eresp)/Δt
 *                       response ms  rtime (average over the last 1024); ctime for TCP
 *
 * The history survives a `stats refresh` reload in sessionStorage. The
 * script reads its settings from the JSON element #tslb-stats-config and
 * publishes its pure parts as `tslbStats` (parseCsv, displayState,
 * formatCell, advance, ...) for tests and the console; without that element
 * (a vm context in tests) it only publishes them.
 *
 * displayState, shownWhenUpOnly and formatCell mirror state.ts and
 * format.ts; test/stats/page-html.test.ts runs both on the same inputs.
 * Written as ES2017 in a String.raw template: no backticks, no dollar-brace.
 */
export const STATS_CLIENT_SCRIPT = String.raw`(function (root) {
'use strict';
var NNBSP = '\u202f';

function parseCsv(text) {
  var records = [], rec = [], field = '', quoted = false, i = 0, n = text.length;
  while (i < n) {
    var c = text.charAt(i);
    if (quoted) {
      if (c === '"') {
        if (text.charAt(i + 1) === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { rec.push(field); field = ''; i++; continue; }
    if (c === '\n' || c === '\r') {
      rec.push(field); records.push(rec); rec = []; field = '';
      i += c === '\r' && text.charAt(i + 1) === '\n' ? 2 : 1;
      continue;
    }
    field += c; i++;
  }
  if (field !== '' || rec.length) { rec.push(field); records.push(rec); }
  records = records.filter(function (r) { return !(r.length === 1 && r[0] === ''); });
  var columns = (records.shift() || []).slice();
  if (columns.length && columns[0].indexOf('# ') === 0) columns[0] = columns[0].slice(2);
  while (columns.length && columns[columns.length - 1] === '') columns.pop();
  var rows = records.map(function (r) {
    var o = Object.create(null);
    for (var j = 0; j < columns.length; j++) o[columns[j]] = r[j] === undefined ? '' : r[j];
    return o;
  });
  return { columns: columns, rows: rows };
}

function displayState(status) {
  var t = /^(UP|DOWN) \d+\/\d+/.exec(status);
  if (t) return t[1] === 'UP' ? 'going-down' : 'going-up';
  if (status.indexOf('MAINT') === 0) return 'maint';
  if (status.indexOf('DRAIN') === 0) return 'drain';
  if (status.indexOf('NOLB') === 0) return 'nolb';
  if (status === 'no check') return 'nocheck';
  if (status.indexOf('UP') === 0) return 'up';
  if (status.indexOf('DOWN') === 0) return 'down';
  if (status === 'OPEN') return 'open';
  if (status === 'STOP') return 'stop';
  if (status === 'FULL') return 'full';
  return 'unknown';
}

function shownWhenUpOnly(state) { return state !== 'down' && state !== 'going-up' && state !== 'maint'; }

function groupDigits(v) {
  if (!/^-?\d+$/.test(v)) return v;
  var sign = v.charAt(0) === '-' ? '-' : '';
  return sign + v.slice(sign.length).replace(/\B(?=(\d{3})+$)/g, NNBSP);
}

var BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
function humanBytes(v) {
  if (v === '') return '';
  var x = Number(v);
  if (!isFinite(x)) return v;
  var u = 0;
  while (Math.abs(x) >= 1024 && u < BYTE_UNITS.length - 1) { x /= 1024; u++; }
  return u === 0 ? x + ' B' : x.toFixed(1) + ' ' + BYTE_UNITS[u];
}

function pad2(n) { return (n < 10 ? '0' : '') + n; }
function humanDuration(v) {
  if (v === '') return '';
  var s = Number(v);
  if (!isFinite(s)) return v;
  if (s < 0) return '?';
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + pad2(s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h' + pad2(Math.floor(s / 60) % 60) + 'm';
  return Math.floor(s / 86400) + 'd' + pad2(Math.floor(s / 3600) % 24) + 'h';
}

function formatCell(format, get, field) {
  var v = get(field);
  switch (format) {
    case 'num': return groupDigits(v);
    case 'lim': return v === '' ? '-' : groupDigits(v);
    case 'bytes': return humanBytes(v);
    case 'dur': return humanDuration(v);
    case 'yn': return v === '' ? '' : Number(v) > 0 ? 'Y' : '-';
    case 'thr': return v === '' ? '-' : v + ' %';
    case 'wght': {
      var w = get('weight'), uw = get('uweight');
      return w === '' && uw === '' ? '' : w + '/' + uw;
    }
    case 'chk': {
      var st = get('check_status');
      if (st === '') return '';
      var code = get('check_code'), ms = get('check_duration');
      return st + (code === '' ? '' : '/' + code) + (ms === '' || Number(ms) < 0 ? '' : ' in ' + ms + 'ms');
    }
    default: return v;
  }
}

function sessionsTip(get) {
  var parts = [];
  if (get('req_tot') !== '') parts.push('HTTP requests: ' + groupDigits(get('req_tot')));
  if (get('hrsp_2xx') !== '') {
    parts.push('responses ' + ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'].map(function (c) {
      return c + ': ' + groupDigits(get('hrsp_' + c) || '0');
    }).join(', '));
  }
  var times = ['qtime', 'ctime', 'rtime', 'ttime'].map(get);
  if (times.some(function (t) { return t !== ''; })) {
    parts.push('avg queue/connect/response/total: ' + times.map(function (t) { return t || '-'; }).join('/') + ' ms');
  }
  return parts.join('\n');
}

function num(v) { var x = Number(v); return v === '' || v === undefined || !isFinite(x) ? 0 : x; }

/*
 * One history point per poll and BACKEND row. Rates need the previous poll; a counter going back (a restart) leaves a gap.
 * HTTP backends count requests and time responses; TCP backends count sessions and time connects.
 */
function advance(hist, t, row, windowMs) {
  var http = row.mode === 'http' && row.req_tot !== '' && row.req_tot !== undefined;
  var req = num(http ? row.req_tot : row.stot);
  var err = num(row.hrsp_5xx) + num(row.econ) + num(row.eresp);
  var time = http ? row.rtime : row.ctime;
  var p = { t: t, req: null, err: null, rt: time === '' || time === undefined ? null : num(time) };
  var last = hist.last;
  if (last) {
    var dt = (t - last.t) / 1000;
    if (dt > 0 && req >= last.req && err >= last.err) { p.req = (req - last.req) / dt; p.err = (err - last.err) / dt; }
  }
  hist.last = { t: t, req: req, err: err };
  hist.points.push(p);
  while (hist.points.length && hist.points[0].t < t - windowMs) hist.points.shift();
  return p;
}

/* A round step for about four gridlines, and the top of the axis. */
function niceScale(max) {
  if (!(max > 0)) return { step: 0.25, top: 1 };
  var raw = max / 4, mag = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / mag;
  var step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
  return { step: step, top: Math.ceil(max / step - 1e-9) * step };
}

function shortNumber(v) {
  var a = Math.abs(v);
  if (a >= 1e6) return +(v / 1e6).toFixed(1) + 'M';
  if (a >= 1e3) return +(v / 1e3).toFixed(1) + 'k';
  if (a >= 100) return String(Math.round(v));
  if (a >= 10) return String(+v.toFixed(1));
  return String(+v.toFixed(2));
}

var SERIES = {
  req: { color: '#2563eb', fill: 'rgba(37,99,235,0.12)', unit: '/s' },
  err: { color: '#dc2626', fill: 'rgba(220,38,38,0.12)', unit: '/s' },
  rt: { color: '#7c3aed', fill: 'rgba(124,58,237,0.12)', unit: ' ms' }
};

/* Draws one series of a history on a canvas; returns how many points it drew. */
function drawChart(canvas, points, key, title, now, windowMs) {
  var s = SERIES[key];
  var w = canvas.clientWidth, h = canvas.clientHeight;
  var g = canvas.getContext && canvas.getContext('2d');
  if (!w || !h || !g || !s) return 0;
  var dpr = root.devicePixelRatio || 1;
  canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  var L = 42, R = 12, T = 30, B = 20, pw = w - L - R, ph = h - T - B;
  var vals = points.filter(function (p) { return p[key] !== null && p.t >= now - windowMs; });
  var max = 0;
  vals.forEach(function (p) { if (p[key] > max) max = p[key]; });
  var sc = niceScale(max);
  var font = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
  g.font = '10px ' + font; g.lineWidth = 1;
  g.textAlign = 'right'; g.textBaseline = 'middle';
  for (var v = 0; v <= sc.top + 1e-9; v += sc.step) {
    var y = Math.round(T + ph - ph * v / sc.top) + 0.5;
    g.strokeStyle = v === 0 ? '#cbd5e1' : '#eef1f5';
    g.beginPath(); g.moveTo(L, y); g.lineTo(L + pw, y); g.stroke();
    g.fillStyle = '#64748b'; g.fillText(shortNumber(v), L - 6, y);
  }
  g.textAlign = 'center'; g.textBaseline = 'top';
  var minutes = Math.round(windowMs / 60000);
  for (var m = 0; m <= minutes; m++) {
    var x = L + pw - pw * m * 60000 / windowMs;
    g.strokeStyle = '#cbd5e1'; g.beginPath(); g.moveTo(x, T + ph); g.lineTo(x, T + ph + 3); g.stroke();
    g.fillStyle = '#64748b';
    g.textAlign = m === 0 ? 'right' : 'center';
    g.fillText(m === 0 ? 'now' : '-' + m + 'm', m === 0 ? x + 4 : x, T + ph + 6);
  }
  function px(p) { return L + pw - pw * (now - p.t) / windowMs; }
  function py(p) { return T + ph - ph * p[key] / sc.top; }
  /* runs of consecutive points, a gap where a value is missing */
  var runs = [], run = [];
  points.forEach(function (p) {
    if (p.t < now - windowMs) return;
    if (p[key] === null) { if (run.length) runs.push(run); run = []; } else run.push(p);
  });
  if (run.length) runs.push(run);
  runs.forEach(function (r) {
    g.beginPath();
    r.forEach(function (p, k) { if (k) g.lineTo(px(p), py(p)); else g.moveTo(px(p), py(p)); });
    g.lineWidth = 1.8; g.strokeStyle = s.color; g.lineJoin = 'round'; g.stroke();
    g.lineTo(px(r[r.length - 1]), T + ph); g.lineTo(px(r[0]), T + ph); g.closePath();
    g.fillStyle = s.fill; g.fill();
    if (r.length === 1) { g.beginPath(); g.arc(px(r[0]), py(r[0]), 2.5, 0, 2 * Math.PI); g.fillStyle = s.color; g.fill(); }
  });
  g.textBaseline = 'alphabetic';
  g.textAlign = 'left'; g.fillStyle = '#334155'; g.font = '600 12px ' + font;
  g.fillText(title, 10, 19);
  var lastPoint = vals[vals.length - 1];
  g.textAlign = 'right'; g.font = '600 13px ' + font; g.fillStyle = lastPoint ? s.color : '#94a3b8';
  g.fillText(lastPoint ? shortNumber(lastPoint[key]) + s.unit : 'collecting…', w - R, 19);
  canvas.setAttribute('data-points', String(vals.length));
  return vals.length;
}

function boot(win, cfg) {
  var doc = win.document;
  var windowMs = (cfg.windowSec || 300) * 1000;
  var storeKey = 'tslb-stats:' + cfg.csv;
  var key = function (px, sv) { return px + '\u0000' + sv; };
  var rowsByKey = new Map();
  Array.prototype.forEach.call(doc.querySelectorAll('tr[data-proxy]'), function (tr) {
    rowsByKey.set(key(tr.getAttribute('data-proxy'), tr.getAttribute('data-server')), tr);
  });
  var charts = new Map();
  Array.prototype.forEach.call(doc.querySelectorAll('canvas[data-series]'), function (cv) {
    var px = cv.getAttribute('data-proxy');
    if (!charts.has(px)) charts.set(px, []);
    charts.get(px).push(cv);
  });
  var history = Object.create(null);
  try {
    var saved = JSON.parse(win.sessionStorage.getItem(storeKey) || 'null');
    if (saved && saved.history && Date.now() - saved.t < windowMs) history = Object.assign(Object.create(null), saved.history);
  } catch (e) { /* no storage: start empty */ }
  var live = doc.getElementById('live');
  function setLive(ok, text) {
    if (!live) return;
    live.className = 'live ' + (ok ? 'ok' : 'err');
    var t = live.querySelector('.live-text');
    if (t) t.textContent = text;
  }
  function setState(el, state) {
    var cls = el.className.replace(/(^|\s)state-[a-z-]+/g, '').trim();
    el.className = (cls ? cls + ' ' : '') + 'state-' + state;
  }
  function updateRow(tr, r) {
    var get = function (f) { var v = r[f]; return v === undefined ? '' : v; };
    Array.prototype.forEach.call(tr.querySelectorAll('[data-f]'), function (el) {
      var fmt = el.getAttribute('data-fmt') || 'num', f = el.getAttribute('data-f');
      var text = formatCell(fmt, get, f);
      if (el.textContent !== text) el.textContent = text;
      if (fmt === 'bytes') el.title = groupDigits(get(f)) + ' bytes';
      else if (fmt === 'chk') el.title = get('check_desc');
      if (el.hasAttribute('data-tip')) el.title = sessionsTip(get);
    });
    var cell = tr.querySelector('td.status');
    if (!cell) return;
    var status = get('status'), state = displayState(status);
    if (cell.getAttribute('data-status') !== status) {
      cell.setAttribute('data-status', status);
      var badge = cell.querySelector('.badge');
      if (badge) badge.textContent = status;
    }
    setState(cell, state);
    setState(tr, state);
    if (cfg.upOnly && tr.classList.contains('row-server')) tr.hidden = !shownWhenUpOnly(state);
  }
  function draw() {
    var now = Date.now();
    charts.forEach(function (list, px) {
      var hist = history[px];
      list.forEach(function (cv) {
        var k = cv.getAttribute('data-series');
        drawChart(cv, hist ? hist.points : [], k, cv.getAttribute('data-title') || k, now, windowMs);
      });
    });
  }
  function apply(text) {
    var parsed = parseCsv(text), now = Date.now();
    parsed.rows.forEach(function (r) {
      var tr = rowsByKey.get(key(r.pxname, r.svname));
      if (tr) updateRow(tr, r);
      if (r.svname === 'BACKEND') {
        var hist = history[r.pxname] || (history[r.pxname] = { last: null, points: [] });
        advance(hist, now, r, windowMs);
      }
    });
    try { win.sessionStorage.setItem(storeKey, JSON.stringify({ t: now, history: history })); } catch (e) { /* full or denied */ }
    draw();
    setLive(true, 'live · ' + new Date(now).toLocaleTimeString());
  }
  function poll() {
    win.fetch(cfg.csv, { cache: 'no-store', credentials: 'same-origin' }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.text();
    }).then(apply).catch(function (e) {
      setLive(false, 'offline (' + (e && e.message ? e.message : 'error') + ')');
    }).then(function () { win.setTimeout(poll, cfg.intervalMs || 2000); });
  }
  doc.addEventListener('change', function (ev) {
    var box = ev.target;
    if (!box || !box.hasAttribute || !box.hasAttribute('data-select-all') || !box.form) return;
    Array.prototype.forEach.call(box.form.querySelectorAll('input[name="s"]'), function (c) {
      if (!c.closest('tr').hidden) c.checked = box.checked;
    });
  });
  var pending = false;
  win.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    win.requestAnimationFrame(function () { pending = false; draw(); });
  });
  draw();
  poll();
}

var api = {
  parseCsv: parseCsv, displayState: displayState, shownWhenUpOnly: shownWhenUpOnly, groupDigits: groupDigits,
  humanBytes: humanBytes, humanDuration: humanDuration, formatCell: formatCell, sessionsTip: sessionsTip,
  advance: advance, niceScale: niceScale, shortNumber: shortNumber, drawChart: drawChart
};
root.tslbStats = api;
var el = root.document && root.document.getElementById('tslb-stats-config');
if (el) boot(root, JSON.parse(el.textContent));
})(typeof window !== 'undefined' ? window : globalThis);
`;
