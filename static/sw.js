// Pawtal's service worker: offline reading for the signed-in parent (issue 15 item 3; decision
// docs/decisions/0027-offline-reading.md). Served at /sw.js (scope /) with Cache-Control:
// no-cache, never fingerprinted, registered by our static script only where service workers
// exist; without them nothing changes.
// - The shell (our fingerprinted CSS/JS/htmx, icons, a business's accent stylesheet and logo,
//   all named by their content) is cache-first.
// - A parent's pages (home, appointments and their details, pets and pet pages, agreements and
//   signed copies) are network-first: each full-page 200 HTML answer that carries the server's
//   account marker (the Pawtal-Account header, set on signed-in parent pages only) is kept as the
//   last-seen copy; offline, the copy opens with a "Saved <time>" banner and its forms disabled
//   (static/app-*.js). Never kept: htmx partial answers, /manage/*, /dev/*, sign-in pages, and any
//   answer without the marker (every page is `no-store` for HTTP caches; the marker is the opt-in).
// - One account only: a page of another account first deletes the other account's copies; the
//   sign-in page, POST /sign-out and a redirect to sign-in delete every copy.
'use strict';

var SHELL_CACHE = 'pawtal-shell-v1';
var PAGES_PREFIX = 'pawtal-pages-';
var ACCOUNT_HEADER = 'Pawtal-Account';
var SAVED_HEADER = 'Pawtal-Saved-At';

var SHELL_PATH =
  /^\/(?:app-[0-9a-z]+\.(?:css|js)|htmx-[0-9a-z.]+\.min\.js|icons\/[^/]+|accent\/[0-9a-f]{6}\.css|logos\/biz_[a-z0-9_]+\/logo_[a-z0-9]+\.webp)$/;
/** The one current file per fingerprinted name: a new app-<hash>.css replaces the old one. */
var SHELL_FAMILIES = [/\/app-[0-9a-z]+\.css$/, /\/app-[0-9a-z]+\.js$/, /\/htmx-[0-9a-z.]+\.min\.js$/];
var KEPT_PAGE =
  /^\/(?:|c\/[^/]+\/(?:appointments(?:\/[^/]+)?|pets(?:\/(?!new$)[^/]+)?|agreements(?:\/[^/]+(?:\/signed\/[^/]+)?)?))$/;
/** Images a kept page shows: a signed copy's signature and a pet's photo. */
var KEPT_IMAGE = /^\/c\/[^/]+\/(?:agreements\/[^/]+\/signed\/[^/]+\/image|pets\/[^/]+\/photo)$/;
var NOT_OURS = /^\/(?:manage|dev|staff)(?:\/|$)/;

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf('pawtal-shell-') === 0 && name !== SHELL_CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

// The page names its shell (its stylesheets and scripts), so the first page, loaded before this
// worker controlled it, is covered too.
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type === 'pawtal:shell' && Array.isArray(data.urls)) {
    event.waitUntil(
      Promise.all(
        data.urls.map(function (href) {
          var url = new URL(href, self.location.origin);
          if (url.origin !== self.location.origin || !SHELL_PATH.test(url.pathname)) return null;
          return shellFirst(new Request(url.href)).catch(function () {});
        }),
      ),
    );
  } else if (data.type === 'pawtal:signed-out') {
    event.waitUntil(clearPages());
  }
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || NOT_OURS.test(url.pathname)) return;

  if (request.method === 'POST') {
    if (url.pathname === '/sign-out') {
      // Saved copies go first, whether or not the network answers.
      event.respondWith(
        clearPages().then(function () {
          return fetch(request).catch(function () {
            return offlinePage('sign-out');
          });
        }),
      );
    } else if (request.mode === 'navigate') {
      event.respondWith(
        fetch(request).catch(function () {
          return offlinePage('post');
        }),
      );
    }
    return;
  }
  if (request.method !== 'GET') return;

  if (SHELL_PATH.test(url.pathname)) {
    event.respondWith(shellFirst(request));
    return;
  }
  if (KEPT_IMAGE.test(url.pathname)) {
    event.respondWith(networkFirst(event, request, url, false));
    return;
  }
  // Full pages only: a navigation, or htmx's boosted navigation (HX-Request-Type: full). A partial is never kept or faked.
  var htmx = request.headers.get('HX-Request') === 'true';
  if (htmx ? request.headers.get('HX-Request-Type') !== 'full' : request.mode !== 'navigate') return;
  event.respondWith(networkFirst(event, request, url, true));
});

function shellFirst(request) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.status === 200 && response.type === 'basic') {
          var path = new URL(request.url).pathname;
          var family = SHELL_FAMILIES.filter(function (re) {
            return re.test(path);
          })[0];
          var pruned = family
            ? cache.keys().then(function (keys) {
                return Promise.all(
                  keys
                    .filter(function (key) {
                      var other = new URL(key.url).pathname;
                      return other !== path && family.test(other);
                    })
                    .map(function (key) {
                      return cache.delete(key);
                    }),
                );
              })
            : Promise.resolve();
          var copy = response.clone();
          pruned.then(function () {
            return cache.put(request, copy);
          });
        }
        return response;
      });
    });
  });
}

function networkFirst(event, request, url, isPage) {
  return fetch(request).then(
    function (response) {
      event.waitUntil(remember(response.clone(), url, isPage).catch(function () {}));
      return response;
    },
    function () {
      return fromSaved(url, isPage);
    },
  );
}

/** Keeps `response` when it is a parent's full page (or a kept image) of the account signed in now. */
function remember(response, requestUrl, isPage) {
  if (response.type === 'opaqueredirect' || response.type === 'error') return Promise.resolve();
  var url = response.url ? new URL(response.url) : requestUrl;
  // Landing on sign-in means nobody is signed in here any more (signed out, session ended).
  if (url.pathname.indexOf('/sign-in') === 0) return clearPages();
  var account = response.headers.get(ACCOUNT_HEADER);
  if (!account || !/^[0-9a-f]{16,64}$/.test(account)) return Promise.resolve();
  return keepOnly(account).then(function () {
    if (response.status !== 200) return;
    var type = response.headers.get('Content-Type') || '';
    if (isPage ? !KEPT_PAGE.test(url.pathname) || type.indexOf('text/html') !== 0 : !KEPT_IMAGE.test(url.pathname) || type.indexOf('image/') !== 0) return;
    return response.blob().then(function (body) {
      var headers = new Headers(response.headers);
      headers.set(SAVED_HEADER, new Date().toISOString());
      headers.delete('Vary');
      return caches.open(PAGES_PREFIX + account).then(function (cache) {
        return cache.put(url.href, new Response(body, { status: 200, headers: headers }));
      });
    });
  });
}

/** Deletes the saved pages of every account but `account`. */
function keepOnly(account) {
  return caches.keys().then(function (names) {
    return Promise.all(
      names
        .filter(function (name) {
          return name.indexOf(PAGES_PREFIX) === 0 && name !== PAGES_PREFIX + account;
        })
        .map(function (name) {
          return caches.delete(name);
        }),
    );
  });
}

function clearPages() {
  return keepOnly('');
}

/** The pages cache of the last account seen signed in (there is at most one), or null. */
function savedCache() {
  return caches.keys().then(function (names) {
    var name = names.filter(function (n) {
      return n.indexOf(PAGES_PREFIX) === 0;
    })[0];
    return name ? caches.open(name) : null;
  });
}

function fromSaved(url, isPage) {
  return savedCache().then(function (cache) {
    if (!cache) return isPage ? offlinePage('unsaved') : Response.error();
    return cache.match(url.href, { ignoreVary: true }).then(function (hit) {
      if (hit) return isPage ? withBanner(hit) : hit;
      if (!isPage) return Response.error();
      if (url.pathname !== '/') return offlinePage('unsaved');
      // A one-business parent's home redirects to that business's appointments: open its copy.
      return cache.keys().then(function (keys) {
        var home = keys.filter(function (key) {
          return /^\/c\/[^/]+\/appointments$/.test(new URL(key.url).pathname);
        })[0];
        return home ? Response.redirect(home.url, 303) : offlinePage('unsaved');
      });
    });
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (ch) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch];
  });
}

/** The language of a page we wrote (`<html lang="es">`), English when it does not say. */
function languageOf(html) {
  return /<html\b[^>]*\blang="es"/.test(html) ? 'es' : 'en';
}

/** The phone's language, for pages of our own: Spanish when it prefers Spanish, else English. */
function phoneLanguage() {
  return /^es\b/i.test((self.navigator && self.navigator.language) || '') ? 'es' : 'en';
}

function savedLabel(iso, language) {
  var date = new Date(iso);
  if (Number.isNaN(date.getTime())) return WORDS[language].savedEarlier;
  return WORDS[language].saved + ' ' + new Intl.DateTimeFormat(language === 'es' ? 'es' : undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** The saved copy with its banner at the top of <main>; the page's script disables its forms. */
function withBanner(saved) {
  return saved.text().then(function (html) {
    var banner =
      '<p class="notice warn" role="status" id="offline-copy" data-offline-copy="' +
      escapeHtml(saved.headers.get(SAVED_HEADER) || '') +
      '">' +
      escapeHtml(savedLabel(saved.headers.get(SAVED_HEADER), languageOf(html))) +
      WORDS[languageOf(html)].readOnly +
      '</p>';
    var marked = /<main\b[^>]*>/.test(html)
      ? html.replace(/<main\b[^>]*>/, function (tag) {
          return tag + banner;
        })
      : html.replace(/<body\b[^>]*>/, function (tag) {
          return tag + banner;
        });
    var headers = new Headers(saved.headers);
    headers.delete('Content-Length');
    headers.set('Pawtal-Offline-Copy', '1');
    return new Response(marked, { status: 200, headers: headers });
  });
}

/** The words of the banner and of our offline pages (the server's catalogs hold every other word). */
var WORDS = {
  en: {
    saved: 'Saved',
    savedEarlier: 'Saved earlier',
    readOnly: ' — you’re offline; this is a read-only copy.',
    home: 'Go to your home page',
    unsaved: [
      'You’re offline',
      'This page hasn’t been saved on this phone, so it can’t open without a connection. Pages you opened while signed in can be read offline.',
    ],
    post: ['You’re offline', 'You’re offline — this needs a connection; nothing was sent.'],
    'sign-out': [
      'You’re offline',
      'You’re offline — signing out needs a connection; nothing was sent. The pages saved on this phone were deleted. Sign out again when you’re back online.',
    ],
  },
  es: {
    saved: 'Guardada',
    savedEarlier: 'Guardada antes',
    readOnly: ' — no tiene conexión; esta es una copia de solo lectura.',
    home: 'Ir a su página de inicio',
    unsaved: [
      'No tiene conexión',
      'Esta página no se guardó en este teléfono, así que no puede abrirse sin conexión. Las páginas que abrió con la sesión iniciada se pueden leer sin conexión.',
    ],
    post: ['No tiene conexión', 'No tiene conexión: esto necesita conexión; no se envió nada.'],
    'sign-out': [
      'No tiene conexión',
      'No tiene conexión: cerrar sesión necesita conexión; no se envió nada. Las páginas guardadas en este teléfono se borraron. Cierre sesión de nuevo cuando vuelva a tener conexión.',
    ],
  },
};

/** A small page of our own (no script), styled by the cached stylesheet when there is one. */
function offlinePage(kind) {
  var language = phoneLanguage();
  var text = WORDS[language][kind];
  return caches
    .open(SHELL_CACHE)
    .then(function (cache) {
      return cache.keys();
    })
    .then(function (keys) {
      var css = keys
        .map(function (key) {
          return new URL(key.url).pathname;
        })
        .filter(function (path) {
          return /^\/app-[0-9a-z]+\.css$/.test(path);
        })[0];
      var html =
        '<!doctype html><html lang="' +
        language +
        '"><head><meta charset="utf-8">' +
        '<meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<title>' +
        text[0] +
        ' · Pawtal</title>' +
        (css ? '<link rel="stylesheet" href="' + css + '">' : '') +
        '</head><body><main id="main" tabindex="-1" data-offline-page="' +
        kind +
        '"><h1>' +
        text[0] +
        '</h1><p>' +
        text[1] +
        '</p><p><a href="/">' +
        WORDS[language].home +
        '</a></p></main></body></html>';
      return new Response(html, {
        status: 503,
        headers: {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          'Content-Security-Policy': "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
        },
      });
    });
}
