// Pawtal's own small enhancements, loaded on every page; each acts only where it applies.
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

// Pet photo (Add a pet, form[data-photo-thumb]): when a photo is chosen, draw it on a canvas at
// most 320 px on its long side and attach the JPEG as a second file field, "photo_thumb", via
// DataTransfer, so the list and profile load a small copy. Without JS (or where the browser
// cannot decode the file) no copy is sent and the server serves the original at both sizes.
// Submitting while the copy is still being made waits for it, then submits again (the plain
// post and the boosted one both read the form's fields, files included, as multipart).
(function () {
  var MAX_SIDE = 320;
  function thumbField(form) {
    var field = form.querySelector('input[name="photo_thumb"]');
    if (!field) {
      field = document.createElement('input');
      field.type = 'file';
      field.name = 'photo_thumb';
      field.hidden = true;
      field.tabIndex = -1;
      field.setAttribute('aria-hidden', 'true');
      form.appendChild(field);
    }
    return field;
  }
  function makeThumb(file) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var w = img.naturalWidth, h = img.naturalHeight;
        URL.revokeObjectURL(url);
        if (!w || !h) return resolve(null);
        var scale = Math.min(1, MAX_SIDE / Math.max(w, h));
        var canvas = document.createElement('canvas');
        canvas.width = Math.max(1, Math.round(w * scale));
        canvas.height = Math.max(1, Math.round(h * scale));
        var ctx = canvas.getContext('2d');
        if (!ctx || !canvas.toBlob) return resolve(null);
        ctx.fillStyle = '#fff'; // JPEG has no transparency
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) { resolve(blob && blob.type === 'image/jpeg' ? blob : null); }, 'image/jpeg', 0.8);
      };
      img.onerror = function () {
        URL.revokeObjectURL(url);
        resolve(null);
      };
      img.src = url;
    });
  }
  document.addEventListener('change', function (e) {
    var input = e.target;
    if (!input || input.type !== 'file' || input.name !== 'photo') return;
    var form = input.closest('form[data-photo-thumb]');
    if (!form || !window.DataTransfer || !window.URL || !URL.createObjectURL) return;
    var field = thumbField(form);
    field.value = '';
    var file = input.files && input.files[0];
    if (!file) return (form._thumbPending = null);
    var pending = makeThumb(file).then(function (blob) {
      if (form._thumbPending !== pending) return; // another file was chosen since
      if (blob) {
        try {
          var dt = new DataTransfer();
          dt.items.add(new File([blob], 'thumb.jpg', { type: 'image/jpeg' }));
          field.files = dt.files;
        } catch (err) {
          field.value = '';
        }
      }
      form._thumbPending = null;
    });
    form._thumbPending = pending;
  });
  // Capture phase on the window: runs before any listener on the document or the form (htmx's).
  window.addEventListener(
    'submit',
    function (e) {
      var form = e.target;
      if (!form || !form._thumbPending) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      var submitter = e.submitter;
      form._thumbPending.then(function () {
        if (form.isConnected) form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      });
    },
    true,
  );
})();
