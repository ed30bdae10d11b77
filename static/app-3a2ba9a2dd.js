// Pawtal's own small enhancements, loaded on every page; each acts only where it applies.

// The few words this script writes itself, in the page's language (<html lang>, chosen by the
// server: src/i18n). The server's catalogs hold every other word.
var PAWTAL_WORDS = {
  en: {
    photoTooLarge: 'The photo is too large: choose one of {mb} MB or less.',
    somethingWrong: 'Something went wrong. Try again.',
    passkeyClosed: 'The passkey prompt was closed. Try again, or use another way.',
    passkeyFailed: 'That passkey did not work. Try again, or use another way.',
    needsConnection: 'Buttons that send something need a connection.',
    offlineGet: 'You’re offline — this needs a connection.',
    offlinePost: 'You’re offline — this needs a connection. If you sent something, check it went through once you’re back online.',
    offlineNotSent: 'You’re offline — this needs a connection; nothing was sent.',
    remove: 'Remove {name}',
    uploadFailed: 'Nothing was saved: the connection failed. Check it and send again.',
  },
  es: {
    photoTooLarge: 'La foto es demasiado grande: elija una de {mb} MB o menos.',
    somethingWrong: 'Algo salió mal. Inténtelo de nuevo.',
    passkeyClosed: 'Se cerró la ventana de la llave de acceso. Inténtelo de nuevo o use otra forma.',
    passkeyFailed: 'Esa llave de acceso no funcionó. Inténtelo de nuevo o use otra forma.',
    needsConnection: 'Los botones que envían algo necesitan conexión.',
    offlineGet: 'No tiene conexión: esto necesita conexión.',
    offlinePost: 'No tiene conexión: esto necesita conexión. Si envió algo, compruebe que llegó cuando vuelva a tener conexión.',
    offlineNotSent: 'No tiene conexión: esto necesita conexión; no se envió nada.',
    remove: 'Quitar {name}',
    uploadFailed: 'No se guardó nada: falló la conexión. Revísela y envíe de nuevo.',
  },
};
function pawtalWord(key, values) {
  var table = PAWTAL_WORDS[document.documentElement.lang] || PAWTAL_WORDS.en;
  return (table[key] || PAWTAL_WORDS.en[key]).replace(/\{(\w+)\}/g, function (_, name) {
    return values && name in values ? String(values[name]) : '';
  });
}
// Booking steps (without JS the browser keeps form state itself):
// Before htmx swaps in the next step, record this step's choices in the current history
// entry: htmx re-fetches a URL on Back, so Back then shows this step with its choices.
document.addEventListener('htmx:before:request', function (event) {
  var form = event.target && event.target.closest && event.target.closest('form[data-step]');
  if (!form) return;
  var query = new URLSearchParams(new FormData(form));
  query.set('step', form.getAttribute('data-step'));
  history.replaceState(history.state, '', form.action.split('?')[0] + '?' + query.toString());
});

// Focus after swaps (SPEC §12). A full page load starts keyboard and screen-reader users at the
// top of the new page; after an htmx swap the focused link or button is usually gone and focus
// falls back to <body>, the start of the document. So when (and only when) focus was lost, move
// it into what was swapped in: a field the page marks autofocus, else the first field refused
// (422), else the first heading (made focusable with tabindex=-1), else <main>.
document.addEventListener('htmx:after:settle', function (event) {
  var active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  var ctx = event.detail && event.detail.ctx;
  var target = ctx && ctx.target;
  // An outerHTML swap replaced the target itself: find its successor by id.
  if (target && !target.isConnected) target = target.id ? document.getElementById(target.id) : null;
  var scope = target && target !== document.body && target !== document.documentElement ? target : document.getElementById('main');
  if (!scope) return;
  var next = scope.querySelector('[autofocus], [aria-invalid="true"]');
  if (!next) {
    next = scope.querySelector('h1, h2') || scope;
    if (!next.hasAttribute('tabindex')) next.setAttribute('tabindex', '-1');
  }
  next.focus();
});

// Signature pad (agreements): the pad is hidden in the HTML, so without JS the page offers
// only the typed name. With JS it is shown; pointer events draw on the <canvas> with finger,
// pen or mouse, and after each stroke the drawing is written as a PNG data URL into the
// form's hidden "drawn" field ("Clear" empties both). The canvas stays transparent, which is
// how the server tells an untouched pad from a signature.
(function () {
  function setUp(pad) {
    if (pad.getAttribute('data-ready')) return;
    var canvas = pad.querySelector('canvas');
    var field = pad.querySelector('input[name="drawn"]');
    var clear = pad.querySelector('[data-clear]');
    if (!canvas || !field || !canvas.getContext) return;
    pad.setAttribute('data-ready', '1');
    pad.hidden = false;
    // Tell the server the pad was offered (its words may then mention drawing).
    var shown = pad.querySelector('input[name="pad"]');
    if (shown) shown.value = '1';
    var ctx = canvas.getContext('2d');
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
    var drawing = false;
    function point(e) {
      var r = canvas.getBoundingClientRect();
      return { x: ((e.clientX - r.left) * canvas.width) / r.width, y: ((e.clientY - r.top) * canvas.height) / r.height };
    }
    canvas.addEventListener('pointerdown', function (e) {
      if (e.button > 0) return;
      drawing = true;
      canvas.setPointerCapture(e.pointerId);
      var p = point(e);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(p.x + 0.1, p.y + 0.1);
      ctx.stroke();
      e.preventDefault();
    });
    canvas.addEventListener('pointermove', function (e) {
      if (!drawing) return;
      var p = point(e);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      e.preventDefault();
    });
    function end() {
      if (!drawing) return;
      drawing = false;
      field.value = canvas.toDataURL('image/png');
    }
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    if (clear) {
      clear.addEventListener('click', function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        field.value = '';
      });
    }
  }
  function setUpAll() {
    var pads = document.querySelectorAll('[data-signature-pad]');
    for (var i = 0; i < pads.length; i++) setUp(pads[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUpAll);
  else setUpAll();
  // Boosted navigation and form swaps replace the page's content.
  document.addEventListener('htmx:after:swap', setUpAll);
  document.addEventListener('htmx:after:settle', setUpAll);
})();

// A file field with data-max-bytes (the pet photo): a file over the limit is refused as soon
// as it is chosen, with the server's words at the field, instead of uploading megabytes for a
// refusal. Without JS the server says the same after the upload (the form re-rendered).
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input || input.type !== 'file' || !input.hasAttribute('data-max-bytes') || !input.files || !input.files[0]) return;
  var max = Number(input.getAttribute('data-max-bytes'));
  var errorId = input.id + '-error';
  var shown = document.getElementById(errorId);
  if (input.files[0].size <= max) {
    if (shown && shown.hasAttribute('data-client')) shown.remove();
    input.removeAttribute('aria-invalid');
    return;
  }
  if (!shown) {
    shown = document.createElement('p');
    shown.className = 'error';
    shown.id = errorId;
    shown.setAttribute('role', 'alert');
    shown.setAttribute('data-client', '1');
    input.insertAdjacentElement('afterend', shown);
  }
  shown.textContent = pawtalWord('photoTooLarge', { mb: Math.round(max / 1024 / 1024) });
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), errorId].filter(Boolean).join(' '));
  input.value = '';
});

// Menus (the business switcher and "More"): <details name="menu">, so without JS opening one
// closes the other and an open one sits in the page's flow, pushing content down rather than
// covering it. With JS: a tap outside an open menu only closes it (the tap is swallowed, so it
// does not also follow the link or press the button under it), Escape closes it and returns
// focus to its summary, and any navigation (a boosted swap, Back into a kept page) closes it.
(function () {
  function openMenus() {
    return document.querySelectorAll('details[name="menu"][open]');
  }
  function closeAll() {
    var open = openMenus();
    for (var i = 0; i < open.length; i++) open[i].open = false;
  }
  function outside(event) {
    var open = openMenus();
    if (open.length === 0) return;
    for (var i = 0; i < open.length; i++) if (open[i].contains(event.target)) return;
    if (event.type === 'click') closeAll();
    event.preventDefault();
    event.stopPropagation();
  }
  // Capture phase, before htmx or the target sees it; pointerdown too, so a field under the tap is not focused.
  document.addEventListener('click', outside, true);
  document.addEventListener('pointerdown', outside, true);
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    var open = openMenus();
    if (open.length === 0) return;
    var summary = open[0].querySelector('summary');
    closeAll();
    if (summary) summary.focus();
  });
  document.addEventListener('htmx:before:request', closeAll);
  window.addEventListener('pageshow', closeAll);
})();

// Passkeys (routes/passkeys.tsx): a form[data-passkey] is hidden in the HTML and shown only
// where the browser has WebAuthn, so without JS (or WebAuthn) the page is the SMS one. On
// submit: POST data-options for the server's WebAuthn options (its challenge), run the
// browser's passkey prompt, put the answer (JSON, base64url inside) in the form's "response"
// field and submit the form for real; the server answers with a redirect or a page with the error.
(function () {
  if (!window.PublicKeyCredential || !navigator.credentials) return;
  var PKC = window.PublicKeyCredential;
  function b64u(buffer) {
    var bytes = new Uint8Array(buffer);
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function bytes(text) {
    var s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    return Uint8Array.from(s, function (ch) { return ch.charCodeAt(0); });
  }
  function withIds(list) {
    return (list || []).map(function (c) { return { type: c.type, id: bytes(c.id), transports: c.transports }; });
  }
  // The JSON options as the browser wants them (newer browsers parse them themselves).
  function parse(register, o) {
    if (register && PKC.parseCreationOptionsFromJSON) return PKC.parseCreationOptionsFromJSON(o);
    if (!register && PKC.parseRequestOptionsFromJSON) return PKC.parseRequestOptionsFromJSON(o);
    var out = Object.assign({}, o, { challenge: bytes(o.challenge) });
    if (register) Object.assign(out, { user: Object.assign({}, o.user, { id: bytes(o.user.id) }), excludeCredentials: withIds(o.excludeCredentials) });
    else out.allowCredentials = withIds(o.allowCredentials);
    return out;
  }
  function toJSON(cred) {
    if (cred.toJSON) return cred.toJSON();
    var r = cred.response;
    var response = { clientDataJSON: b64u(r.clientDataJSON) };
    if (r.attestationObject) Object.assign(response, { attestationObject: b64u(r.attestationObject), transports: r.getTransports ? r.getTransports() : [] });
    else Object.assign(response, { authenticatorData: b64u(r.authenticatorData), signature: b64u(r.signature), userHandle: r.userHandle ? b64u(r.userHandle) : undefined });
    return { id: cred.id, rawId: b64u(cred.rawId), type: cred.type, authenticatorAttachment: cred.authenticatorAttachment, clientExtensionResults: cred.getClientExtensionResults(), response: response };
  }
  function show(form, text) {
    var p = form.querySelector('[data-passkey-error]');
    if (!p) return;
    p.textContent = text;
    p.hidden = !text;
  }
  function run(form) {
    var register = form.getAttribute('data-passkey') === 'register';
    show(form, '');
    fetch(form.getAttribute('data-options'), { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' })
      .then(function (res) {
        return res.json().then(function (body) {
          if (res.ok) return body;
          var refused = new Error('refused');
          refused.words = body.error || pawtalWord('somethingWrong');
          throw refused;
        });
      })
      .then(function (options) {
        var publicKey = parse(register, options);
        return register ? navigator.credentials.create({ publicKey: publicKey }) : navigator.credentials.get({ publicKey: publicKey });
      })
      .then(function (cred) {
        form.querySelector('input[name="response"]').value = JSON.stringify(toJSON(cred));
        form.submit();
      })
      .catch(function (error) {
        var closed = error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
        show(form, (error && error.words) || (closed ? pawtalWord('passkeyClosed') : pawtalWord('passkeyFailed')));
      });
  }
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute('data-passkey')) return;
    event.preventDefault();
    event.stopPropagation();
    run(form);
  }, true);
  function setUpAll() {
    var forms = document.querySelectorAll('form[data-passkey]');
    for (var i = 0; i < forms.length; i++) forms[i].hidden = false;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUpAll);
  else setUpAll();
  document.addEventListener('htmx:after:settle', setUpAll);
})();

// Offline reading (static/sw.js): where the browser has service workers, register ours and
// name this page's shell to it; elsewhere nothing changes. A saved copy opened offline carries
// the worker's banner ([data-offline-copy]): its submit buttons are disabled, described by the
// banner, which says they need a connection. A form sent while the browser knows it is offline
// is stopped (nothing sent); an htmx request that gets no answer at all says it needs a
// connection. Signing out deletes the saved copies here too (the worker and the
// Clear-Site-Data answer also do).
(function () {
  if (!('serviceWorker' in navigator)) return;
  var NOTE = pawtalWord('needsConnection');
  navigator.serviceWorker.register('/sw.js').catch(function () {});
  navigator.serviceWorker.ready.then(function (registration) {
    var urls = [];
    var links = document.querySelectorAll('link[rel="stylesheet"][href], link[rel="icon"][href], script[src]');
    for (var i = 0; i < links.length; i++) urls.push(links[i].getAttribute('href') || links[i].getAttribute('src'));
    if (registration.active) registration.active.postMessage({ type: 'pawtal:shell', urls: urls });
  });
  function clearSaved() {
    if (!window.caches) return;
    caches.keys().then(function (names) {
      names.forEach(function (name) {
        if (name.indexOf('pawtal-pages-') === 0) caches.delete(name);
      });
    });
  }
  // The banner says why once, for every button: each disabled button is described by it.
  function markCopy() {
    var banner = document.querySelector('[data-offline-copy]');
    if (!banner) return;
    if (!banner.hasAttribute('data-forms-noted')) {
      banner.setAttribute('data-forms-noted', '1');
      banner.appendChild(document.createTextNode(' ' + NOTE));
    }
    var buttons = document.querySelectorAll('form button, form input[type="submit"], form input[type="image"]');
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      if ((button.type !== 'submit' && button.type !== 'image') || button.hasAttribute('data-offline-off')) continue;
      button.setAttribute('data-offline-off', '1');
      button.disabled = true;
      button.setAttribute('aria-describedby', [button.getAttribute('aria-describedby'), banner.id].filter(Boolean).join(' '));
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', markCopy);
  else markCopy();
  document.addEventListener('htmx:after:settle', markCopy);
  function sayOffline(form, words) {
    var scope = form || document.getElementById('main');
    if (!scope) return;
    var shown = scope.querySelector('[data-offline-refused]');
    if (!shown) {
      shown = document.createElement('p');
      shown.className = 'error';
      shown.setAttribute('role', 'alert');
      shown.setAttribute('data-offline-refused', '1');
      if (form) form.appendChild(shown);
      else scope.insertBefore(shown, scope.firstChild);
    }
    shown.textContent = words;
  }
  // A tab, a pager or a form sent by htmx that got no answer at all (the fetch itself failed: no
  // network; navigator.onLine is not reliable) says so. A GET sent nothing; a POST may have been.
  document.addEventListener('htmx:error', function (event) {
    var detail = event.detail || {};
    var ctx = detail.ctx;
    if (!ctx || ctx.response || !detail.error || detail.error.name !== 'TypeError') return;
    var method = String((ctx.request && ctx.request.method) || 'GET').toUpperCase();
    sayOffline(
      null,
      method === 'GET'
        ? pawtalWord('offlineGet')
        : pawtalWord('offlinePost'),
    );
  });
  // Capture phase, before htmx sees the submit.
  document.addEventListener(
    'submit',
    function (event) {
      var form = event.target;
      if (!form || !form.getAttribute) return;
      if (form.getAttribute('action') === '/sign-out') clearSaved();
      if (navigator.onLine !== false) return;
      event.preventDefault();
      event.stopPropagation();
      sayOffline(form, pawtalWord('offlineNotSent'));
    },
    true,
  );
})();

// Photo uploads with progress (report cards: form[data-upload-progress]). Without JS the form
// posts as it is and the server answers. With JS: the photos chosen are listed, each with a
// Remove button (the file field is rebuilt without it, so it is never sent); on submit the form
// goes by XMLHttpRequest, whose upload events drive the form's <progress>; the answer replaces
// the page — the card after a redirect, or the form re-rendered with the server's words (422).
(function () {
  if (!window.XMLHttpRequest || !window.FormData || typeof DataTransfer !== 'function') return;
  function sizeText(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }
  function listChosen(input) {
    var form = input.form;
    var list = form && form.querySelector('[data-chosen-photos]');
    if (!list) return;
    list.textContent = '';
    Array.prototype.forEach.call(input.files, function (file, index) {
      var item = document.createElement('li');
      item.appendChild(document.createTextNode(file.name + ' (' + sizeText(file.size) + ') '));
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'link';
      remove.textContent = pawtalWord('remove', { name: file.name });
      remove.addEventListener('click', function () {
        var kept = new DataTransfer();
        Array.prototype.forEach.call(input.files, function (f, i) {
          if (i !== index) kept.items.add(f);
        });
        input.files = kept.files;
        listChosen(input);
        input.focus();
      });
      item.appendChild(remove);
      list.appendChild(item);
    });
    list.hidden = input.files.length === 0;
  }
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (input && input.type === 'file' && input.multiple && input.closest('form[data-upload-progress]')) listChosen(input);
  });
  function showAnswer(xhr) {
    var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
    var main = doc.getElementById('main');
    var current = document.getElementById('main');
    if (!main || !current) {
      location.assign(xhr.responseURL || location.href);
      return;
    }
    document.title = doc.title;
    current.replaceWith(main);
    if (xhr.responseURL && xhr.responseURL !== location.href) history.pushState(null, '', xhr.responseURL);
    if (window.htmx && typeof window.htmx.process === 'function') window.htmx.process(main);
    var focus = main.querySelector('[aria-invalid="true"], [role="status"], h1');
    if (focus) {
      if (!focus.hasAttribute('tabindex') && !/^(INPUT|TEXTAREA|SELECT)$/.test(focus.tagName)) focus.setAttribute('tabindex', '-1');
      focus.focus();
    }
  }
  // Capture phase, before htmx's boosted submit: this form is ours to send.
  window.addEventListener(
    'submit',
    function (event) {
      var form = event.target;
      if (!form || !form.matches || !form.matches('form[data-upload-progress]')) return;
      event.preventDefault();
      event.stopPropagation();
      if (form.getAttribute('data-sending')) return;
      var data = new FormData(form);
      var submitter = event.submitter;
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      var status = form.querySelector('[data-upload-status]');
      var bar = status && status.querySelector('progress');
      var percent = status && status.querySelector('[data-upload-percent]');
      var buttons = form.querySelectorAll('button[type="submit"]');
      function busy(on) {
        if (on) form.setAttribute('data-sending', '1');
        else form.removeAttribute('data-sending');
        Array.prototype.forEach.call(buttons, function (b) {
          b.disabled = on;
        });
        if (status) status.hidden = !on;
      }
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable || !bar) return;
        var p = Math.round((e.loaded / e.total) * 100);
        bar.value = p;
        if (percent) percent.textContent = p + ' %';
      });
      xhr.addEventListener('load', function () {
        busy(false);
        showAnswer(xhr);
      });
      xhr.addEventListener('error', function () {
        busy(false);
        var note = form.querySelector('[data-upload-failed]') || document.createElement('p');
        note.setAttribute('data-upload-failed', '');
        note.className = 'error';
        note.setAttribute('role', 'alert');
        note.textContent = pawtalWord('uploadFailed');
        if (!note.parentNode) (status || form.lastChild).after(note);
      });
      var failed = form.querySelector('[data-upload-failed]');
      if (failed) failed.remove();
      busy(true);
      xhr.send(data);
    },
    true,
  );
})();
