// The UI's one stylesheet, served at /lightning/assets/ui.css. A CRM look (app bar, tabs, cards,
// tables) without copying Lightning's; system fonts only, so nothing is fetched.
export const CSS = `
:root{--brand:#0b5cab;--brand-dark:#073f7a;--bg:#eef1f6;--card:#fff;--line:#d8dde6;--text:#181818;--muted:#5c6470;--err:#b3261e;--ok:#1b7f3b;--focus:#f5a623}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--text);background:var(--bg)}
a{color:var(--brand)}a:hover{color:var(--brand-dark)}
:focus-visible{outline:3px solid var(--focus);outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:10}
header.appbar{display:flex;align-items:center;gap:16px;background:var(--brand);color:#fff;padding:8px 16px}
header.appbar .logo{font-weight:700;font-size:18px;color:#fff;text-decoration:none;display:flex;align-items:center;gap:8px}
header.appbar .logo span.mark{display:inline-block;width:26px;height:26px;border-radius:50%;background:#fff;color:var(--brand);text-align:center;line-height:26px;font-size:15px}
header.appbar form.search{flex:1;display:flex;max-width:560px;margin:0 auto}
header.appbar form.search input{flex:1;border:0;border-radius:4px 0 0 4px;padding:7px 10px;font-size:14px}
header.appbar form.search button{border:0;border-radius:0 4px 4px 0;background:var(--brand-dark);color:#fff;padding:0 14px;cursor:pointer}
header.appbar .user{display:flex;align-items:center;gap:10px;font-size:13px}
header.appbar .user button{background:transparent;border:1px solid #fff8;color:#fff;border-radius:4px;padding:4px 10px;cursor:pointer}
nav.tabs{background:#fff;border-bottom:1px solid var(--line);padding:0 12px;display:flex;flex-wrap:wrap;gap:2px}
nav.tabs a{display:inline-block;padding:10px 12px;text-decoration:none;color:var(--text);border-bottom:3px solid transparent}
nav.tabs a[aria-current=page]{border-bottom-color:var(--brand);font-weight:600;color:var(--brand)}
nav.tabs .sep{width:1px;background:var(--line);margin:8px 6px}
main{padding:16px;max-width:1400px;margin:0 auto}
.banner{background:#fff4d6;border:1px solid #e6c36a;padding:8px 12px;border-radius:4px;margin-bottom:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;margin-bottom:16px}
.card>header,.card>h2,.card .card-head{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:10px 14px;border-bottom:1px solid var(--line);margin:0}
.card h2{font-size:16px;margin:0}.card .body{padding:12px 14px}
.page-head{display:flex;align-items:center;gap:14px;background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin-bottom:16px}
.page-head .icon{width:38px;height:38px;border-radius:6px;background:var(--brand);color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700}
.page-head h1{font-size:20px;margin:0}.page-head .kind{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.page-head .actions{margin-left:auto;display:flex;gap:8px;flex-wrap:wrap}
.btn,button.btn{display:inline-block;border:1px solid var(--line);background:#fff;color:var(--brand);border-radius:4px;padding:6px 12px;text-decoration:none;font-size:13px;cursor:pointer;font-family:inherit}
.btn.primary{background:var(--brand);border-color:var(--brand);color:#fff}.btn.danger{color:var(--err);border-color:#e5b3b0}
table.grid{width:100%;border-collapse:collapse;font-size:13px}
table.grid th,table.grid td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
table.grid th{background:#f6f8fb;font-weight:600;white-space:nowrap}
table.grid thead th a{color:var(--text);text-decoration:none}table.grid thead th a:hover{text-decoration:underline}
table.grid tbody tr:hover{background:#f7fafe}
table.grid tbody th{background:transparent;font-weight:500;white-space:normal}
.scroll{overflow-x:auto}
.related table.grid{table-layout:fixed}
.related table.grid td,.related table.grid th{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
table.grid td.num{text-align:right;font-variant-numeric:tabular-nums}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;padding:10px 14px;border-bottom:1px solid var(--line);background:#fafbfd}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
.filters input,.filters select{font-size:13px;padding:5px 6px;border:1px solid var(--line);border-radius:4px}
.chips{display:flex;gap:6px;flex-wrap:wrap;padding:8px 14px}.chip{background:#e4ecf7;border-radius:12px;padding:2px 10px;font-size:12px}
.pager{display:flex;align-items:center;gap:10px;padding:10px 14px;color:var(--muted)}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:0 32px;padding:6px 14px 12px;margin:0}
.fields div.f{border-bottom:1px solid #eef0f4;padding:6px 0;display:flex;flex-direction:column}
.fields div.f.wide{grid-column:1/-1}
.fields dt{font-size:12px;color:var(--muted)}.fields dd{margin:0;min-height:1.4em;white-space:pre-wrap;word-break:break-word}
section.section>h2{font-size:14px;background:#f6f8fb;padding:8px 14px;margin:0;border-bottom:1px solid var(--line)}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px}
@media (max-width:900px){.layout{grid-template-columns:1fr}.fields{grid-template-columns:1fr}}
form.record .row{display:flex;flex-direction:column;gap:3px;padding:6px 0}
form.record label{font-size:12px;color:var(--muted)}form.record label .req{color:var(--err)}
form.record input,form.record select,form.record textarea{font:inherit;padding:6px 8px;border:1px solid var(--line);border-radius:4px;width:100%}
form.record textarea{min-height:90px}
form.record .invalid input,form.record .invalid select,form.record .invalid textarea{border-color:var(--err);background:#fff6f5}
.field-error{color:var(--err);font-size:12px}
.alert{border:1px solid #e5b3b0;background:#fdf1f0;color:var(--err);padding:10px 14px;border-radius:4px;margin-bottom:12px}
.alert.ok{border-color:#a6d8b5;background:#eef9f1;color:var(--ok)}
.muted{color:var(--muted)}.mono,code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{white-space:pre-wrap;word-break:break-word;margin:0}
.editor textarea{width:100%;min-height:140px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;padding:8px;border:1px solid var(--line);border-radius:4px}
.editor .cm-editor{border:1px solid var(--line);border-radius:4px;min-height:140px;background:#fff}
.editor .cm-error-caret{background:#ffd8d5;outline:1px solid var(--err)}
.query-echo{background:#f6f8fb;border:1px solid var(--line);padding:8px;border-radius:4px;white-space:pre-wrap}
.query-echo mark{background:#ffd8d5;color:var(--err);outline:1px solid var(--err)}
ol.history{margin:0;padding:0 14px 12px 32px}ol.history li{padding:3px 0}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;background:#e4ecf7}
.badge.pass{background:#dff3e5;color:var(--ok)}.badge.fail{background:#fde2e0;color:var(--err)}
.step{border-left:3px solid var(--line);margin:0 14px 12px;padding:6px 12px}
.step.assistant{border-color:var(--brand)}.step.tool{border-color:#8c6bd1}.step.user{border-color:#1b7f3b}
.step h3{font-size:13px;margin:0 0 4px}.step .meta{color:var(--muted);font-size:12px}
.login{max-width:380px;margin:80px auto}.login .card .body{padding:20px}
.login label{display:block;margin:10px 0 4px;font-size:13px}.login input{width:100%;padding:8px;border:1px solid var(--line);border-radius:4px;font:inherit}
.login button{margin-top:16px;width:100%;padding:9px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px}
.tile{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px;text-decoration:none;color:var(--text)}
.tile strong{display:block;font-size:22px;color:var(--brand)}
`;
