/**
 * The dashboard's stylesheet, inlined in the page. State colours keep
 * HAProxy's meanings (green UP, yellow going down, orange going up, red
 * DOWN, brown MAINT, blue DRAIN/NOLB, grey not checked) on a quieter
 * palette: a tinted row and a solid badge in the status cell. Backup
 * servers carry a violet stripe, as HAProxy gives them their own hues.
 */
export const STATS_PAGE_CSS = `
:root{--bg:#f4f6f9;--card:#fff;--line:#e3e7ee;--ink:#1e293b;--muted:#64748b;--head:#f1f4f8;--accent:#2563eb;
--up:#16a34a;--up-bg:#eaf7ee;--gd:#ca8a04;--gd-bg:#fdf7dc;--gu:#ea580c;--gu-bg:#ffeedd;--down:#dc2626;--down-bg:#fde9e9;
--maint:#8b5a2b;--maint-bg:#f2e7db;--drain:#2563eb;--drain-bg:#e3edff;--nolb:#0891b2;--nolb-bg:#e0f4fa;--nc:#6b7280;--nc-bg:#f3f4f6;--bck:#7c3aed}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.top{display:flex;align-items:center;justify-content:space-between;gap:16px;padding:14px 24px;background:#0f172a;color:#e2e8f0}
.top h1{margin:0;font-size:19px;font-weight:650;letter-spacing:.2px}.top h1 .ver{font-weight:400;color:#94a3b8;font-size:14px;margin-left:6px}
.top .sub{color:#94a3b8;font-size:12px;margin-top:2px}
.live{display:flex;align-items:center;gap:8px;font-size:12px;color:#cbd5e1;white-space:nowrap}
.live .dot{width:9px;height:9px;border-radius:50%;background:#64748b}
.live.ok .dot{background:#22c55e;box-shadow:0 0 0 3px rgba(34,197,94,.25)}.live.err .dot{background:#ef4444;box-shadow:0 0 0 3px rgba(239,68,68,.25)}
main{padding:16px 24px 32px}
.msg{display:flex;justify-content:space-between;align-items:center;margin:0 0 14px;padding:9px 14px;border-radius:8px;border:1px solid;font-weight:500}
.msg-ok{background:var(--up-bg);border-color:#b7e4c5;color:#14532d}.msg-warn{background:var(--gd-bg);border-color:#f0dc8a;color:#713f12}.msg-error{background:var(--down-bg);border-color:#f5b5b5;color:#7f1d1d}
.msg a{color:inherit;font-size:16px;line-height:1;padding:0 4px}
.overview{display:grid;grid-template-columns:minmax(0,1fr) auto auto;gap:14px;margin-bottom:18px;align-items:start}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card,.panel,.proxy{background:var(--card);border:1px solid var(--line);border-radius:10px}
.card{padding:10px 12px}.card .k{color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.5px}
.card .v{font-size:18px;font-weight:600;margin-top:2px;font-variant-numeric:tabular-nums}.card .s{color:var(--muted);font-size:11px}
.meter{height:5px;border-radius:3px;background:#e5e9f0;margin-top:6px;overflow:hidden}.meter i{display:block;height:100%;background:var(--accent)}
.panel{padding:10px 14px;font-size:12px}.panel h3{margin:0 0 6px;font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.5px}
.legend{display:grid;grid-template-columns:auto auto;gap:3px 14px}.legend span{display:flex;align-items:center;gap:6px;white-space:nowrap}
.sw{width:12px;height:12px;border-radius:3px;display:inline-block;border:1px solid rgba(0,0,0,.08)}
.legend .note{grid-column:1/3;color:var(--muted);margin-top:4px}
.options ul{margin:6px 0 0;padding:0;list-style:none}.options li{margin:3px 0}
.options input[type=search]{width:150px;padding:4px 8px;border:1px solid var(--line);border-radius:6px;font:inherit}
.proxy{margin-bottom:18px;overflow:hidden}
.proxy-head{display:flex;align-items:center;gap:8px;padding:10px 14px;border-bottom:1px solid var(--line)}
.proxy-head h2{margin:0;font-size:15px;font-weight:650}
.tag{font-size:11px;padding:1px 7px;border-radius:10px;background:var(--head);color:var(--muted);border:1px solid var(--line)}
.charts{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:10px;padding:10px 14px;border-bottom:1px solid var(--line);background:#fbfcfd}
.charts canvas{display:block;width:100%;height:130px;background:#fff;border:1px solid var(--line);border-radius:8px}
.tw{overflow-x:auto}
table.tbl{border-collapse:collapse;width:100%;font-size:12px;font-variant-numeric:tabular-nums}
.tbl th{background:var(--head);color:#475569;font-weight:600;padding:3px 5px;border:1px solid var(--line);white-space:nowrap;font-size:11px}
.tbl thead tr:first-child th{text-transform:uppercase;letter-spacing:.4px;font-size:10px}
.tbl td{padding:3px 5px;border:1px solid var(--line);text-align:right;white-space:nowrap}
.tbl td.name{text-align:left;font-weight:600}.tbl td.sel,.tbl th.sel{text-align:center;width:26px}
.tbl td.status,.tbl td.c{text-align:center}
.tbl tr.row-frontend td,.tbl tr.row-backend td,.tbl tr.row-listener td{background:#f8fafc}
.tbl tr.row-backend td{font-weight:600;border-top:2px solid #cfd6e0}
.badge{display:inline-block;min-width:44px;padding:1px 7px;border-radius:10px;color:#fff;font-weight:600;font-size:11px;background:var(--nc)}
.since{color:var(--muted);font-size:11px;margin-left:6px}
.bk{font-size:10px;font-weight:600;color:var(--bck);border:1px solid var(--bck);border-radius:8px;padding:0 5px;margin-left:6px}
tr.backup td.name{box-shadow:inset 3px 0 var(--bck)}
tr.state-up td{background:var(--up-bg)}.state-up .badge{background:var(--up)}
tr.state-going-down td{background:var(--gd-bg)}.state-going-down .badge{background:var(--gd)}
tr.state-going-up td{background:var(--gu-bg)}.state-going-up .badge{background:var(--gu)}
tr.state-down td{background:var(--down-bg)}.state-down .badge{background:var(--down)}
tr.state-maint td{background:var(--maint-bg)}.state-maint .badge{background:var(--maint)}
tr.state-drain td{background:var(--drain-bg)}.state-drain .badge{background:var(--drain)}
tr.state-nolb td{background:var(--nolb-bg)}.state-nolb .badge{background:var(--nolb)}
tr.state-nocheck td{background:var(--nc-bg)}.state-nocheck .badge{background:var(--nc)}
.state-open .badge{background:var(--up)}.state-full .badge{background:var(--gu)}.state-stop .badge{background:var(--nc)}
.sw.state-up{background:var(--up)}.sw.state-going-down{background:var(--gd)}.sw.state-going-up{background:var(--gu)}.sw.state-down{background:var(--down)}
.sw.state-maint{background:var(--maint)}.sw.state-drain{background:var(--drain)}.sw.state-nolb{background:var(--nolb)}.sw.state-nocheck{background:var(--nc)}.sw.backup{background:var(--bck)}
.admin{display:flex;align-items:center;gap:8px;padding:8px 14px;border-top:1px solid var(--line);background:#fbfcfd;font-size:12px}
.admin select{font:inherit;padding:3px 6px;border:1px solid var(--line);border-radius:6px;background:#fff}
.admin button{font:inherit;font-weight:600;padding:4px 14px;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
footer{color:var(--muted);font-size:11px;padding:0 24px 24px}
@media (max-width:1100px){.overview{grid-template-columns:1fr}.charts{grid-template-columns:1fr}}
`;
