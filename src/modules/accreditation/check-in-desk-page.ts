/** The door staff's page: English, large type, one field a USB scanner types into, the camera where the browser can read QR codes. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

export const CHECK_IN_DESK_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: mediastream:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'permissions-policy': 'camera=(self)',
};

const head = (title: string) => `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/checkin/assets/desk.css">
</head>`;

export function renderDeskLogin(error?: string): string {
  return `${head('Check-in desk: sign in')}
<body>
<main class="desk">
<h1>Check-in desk</h1>
${error ? `<p class="result refused" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/checkin/login" class="login">
<label for="key">API key (check-in, coordinator or admin)</label>
<input id="key" name="key" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>`;
}

export function renderDesk(callerName: string): string {
  return `${head('Check-in desk')}
<body>
<main class="desk">
<header class="bar">
<h1>Check-in desk</h1>
<p class="who">Signed in as ${escapeHtml(callerName)}</p>
<form method="post" action="/checkin/logout"><button type="submit" class="quiet">Sign out</button></form>
</header>
<form id="scan" class="scan" autocomplete="off">
<label for="code">Badge code</label>
<input id="code" name="code" type="text" inputmode="text" autocapitalize="off" spellcheck="false" autofocus required>
<button type="submit">Check in</button>
<button type="button" id="camera" class="quiet" hidden>Use the camera</button>
</form>
<video id="preview" playsinline muted hidden></video>
<div id="result" class="result idle" role="status" aria-live="assertive">Scan a badge.</div>
<p id="count" class="count" aria-live="polite"></p>
</main>
<script src="/checkin/assets/desk.js"></script>
</body>
</html>`;
}

export const DESK_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#f4f6f8;color:#111}
.desk{max-width:48rem;margin:0 auto;padding:1rem}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem}
h1{font-size:1.6rem;margin:.2rem 0;flex:1}
.who{margin:0;color:#333}
label{display:block;font-weight:600;margin:.8rem 0 .3rem}
input{width:100%;font-size:1.6rem;padding:.6rem;border:2px solid #333;border-radius:.4rem}
button{font-size:1.2rem;padding:.6rem 1.2rem;margin-top:.6rem;border:0;border-radius:.4rem;background:#1f4e79;color:#fff;cursor:pointer}
button.quiet{background:#e2e6ea;color:#111}
button:focus-visible,input:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.result{margin-top:1.2rem;padding:1.4rem;border-radius:.6rem;font-size:2.2rem;font-weight:700;line-height:1.2;word-wrap:break-word}
.result small{display:block;font-size:1.3rem;font-weight:500;margin-top:.4rem}
.idle{background:#fff;color:#333;border:2px dashed #8a8f94}
.welcome{background:#0b6b2e;color:#fff}
.refused{background:#a4161a;color:#fff}
.count{font-size:1.4rem;margin-top:1rem}
video{width:100%;max-height:50vh;margin-top:1rem;background:#000}
@media (max-width:30rem){.result{font-size:1.7rem}h1{font-size:1.3rem}}
`;

export const DESK_JS = `
(function () {
  'use strict';
  var form = document.getElementById('scan');
  var field = document.getElementById('code');
  var result = document.getElementById('result');
  var count = document.getElementById('count');
  var cameraButton = document.getElementById('camera');
  var preview = document.getElementById('preview');
  var busy = false;

  function show(kind, title, detail) {
    result.className = 'result ' + kind;
    result.textContent = title;
    if (detail) {
      var small = document.createElement('small');
      small.textContent = detail;
      result.appendChild(small);
    }
  }

  function refreshCount() {
    fetch('/api/checkin/summary', { headers: { 'x-requested-with': 'convene-dashboard', accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        count.textContent = body.conferences.map(function (c) { return c.title + ': ' + c.attended + ' of ' + c.expected + ' checked in'; }).join(' · ');
      })
      .catch(function () {});
  }

  function checkIn(code) {
    if (busy || !code) return;
    busy = true;
    fetch('/api/checkin', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-requested-with': 'convene-dashboard' },
      body: JSON.stringify({ code: code })
    })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
      .then(function (answer) {
        var b = answer.body || {};
        if (answer.status === 200) {
          show('welcome', 'Welcome, ' + b.fullName, [b.delegation, b.capacity].filter(Boolean).join(' · '));
        } else if (answer.status === 409 && b.checkedInAt) {
          show('refused', 'Already checked in at ' + new Date(b.checkedInAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), [b.fullName, b.delegation].filter(Boolean).join(' · '));
        } else if (answer.status === 401) {
          show('refused', 'Signed out', 'Reload the page and sign in again.');
        } else {
          show('refused', answer.status === 404 ? 'Badge not valid' : 'Not checked in', b.message || '');
        }
        refreshCount();
      })
      .catch(function () { show('refused', 'No connection', 'The scan was not recorded; try again.'); })
      .then(function () { busy = false; field.value = ''; field.focus(); });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    checkIn(field.value.trim());
  });

  if ('BarcodeDetector' in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener('click', function () {
      var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
        preview.srcObject = stream;
        preview.hidden = false;
        cameraButton.hidden = true;
        preview.play();
        var last = '';
        (function scan() {
          detector.detect(preview).then(function (codes) {
            var text = codes.length ? codes[0].rawValue : '';
            if (text && text !== last) { last = text; checkIn(text); }
          }).catch(function () {}).then(function () { setTimeout(scan, 250); });
        })();
      }).catch(function () { show('refused', 'Camera unavailable', 'Use the scanner or type the code.'); });
    });
  }

  refreshCount();
  setInterval(refreshCount, 10000);
})();
`;
