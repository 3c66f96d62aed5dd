/**
 * A self-contained interactive API page (no CDN: it must work offline): lists the operations of
 * the OpenAPI document and lets an operator try POST /v1/parse with their API key.
 */
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Napominalka inference API</title>
<style>
 body{font:15px/1.5 system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#222}
 code,pre,textarea,input{font:13px ui-monospace,monospace} pre{background:#f5f5f5;padding:.75rem;overflow:auto}
 .op{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:.75rem 0} .m{font-weight:700;text-transform:uppercase}
 textarea{width:100%;height:7rem} input{width:22rem} button{padding:.3rem 1rem}
</style></head>
<body>
<h1>Napominalka inference API</h1>
<p>OpenAPI document: <a href="${specUrl}">${specUrl}</a></p>
<div id="ops"></div>
<h2>Try it</h2>
<p><label>API key <input id="key" type="password" autocomplete="off"></label></p>
<textarea id="body">{"text": "напомни зафтра в 9 позвонить маме", "timezone": "Europe/Moscow"}</textarea>
<p><button id="send">POST /v1/parse</button></p>
<pre id="out"></pre>
<script>
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
fetch(${JSON.stringify(specUrl)}).then((r) => r.json()).then((spec) => {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths || {}))
    for (const [method, op] of Object.entries(item))
      ops.push('<div class="op"><span class="m">' + esc(method) + '</span> <code>' + esc(path) + '</code> — ' + esc(op.summary || '') +
        '<br>responses: ' + Object.keys(op.responses || {}).map(esc).join(', ') + '</div>');
  document.getElementById('ops').innerHTML = ops.join('');
});
document.getElementById('send').onclick = async () => {
  const out = document.getElementById('out');
  try {
    const r = await fetch('/v1/parse', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + document.getElementById('key').value }, body: document.getElementById('body').value });
    out.textContent = r.status + '\\n' + JSON.stringify(await r.json(), null, 2);
  } catch (e) { out.textContent = String(e); }
};
</script>
</body></html>`;
}
