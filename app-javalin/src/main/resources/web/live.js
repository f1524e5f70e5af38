// Keeps a page's live part current: the server pushes events over SSE (the session cookie goes with
// them, same origin); on each one the part is fetched again, rendered by the server as on first load.
(function () {
  'use strict';
  var region = document.querySelector('[data-live-src]');
  if (!region || !window.EventSource || !window.fetch) return;
  var src = region.getAttribute('data-live-src');
  var timer = null;
  var busy = false;
  var again = false;

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(src, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        if (response.redirected || response.status === 401) { window.location.reload(); throw new Error('signed out'); }
        if (response.status !== 200) throw new Error('HTTP ' + response.status);
        return response.text();
      })
      .then(function (html) {
        region.innerHTML = html;
        region.setAttribute('data-refreshed', String(Date.now()));
      })
      .catch(function () { /* the next event tries again */ })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 100);
  }

  var stream = new EventSource('/api/v2/events');
  ['incident.opened', 'incident.resolved', 'webhook.status_changed', 'workflow_run.updated', 'webhook.repaired',
    'webhook.degraded', 'deliveries.recovered', 'connection.ended'].forEach(function (type) {
    stream.addEventListener(type, soon);
  });
  // whatever happened between the page's rendering and the stream's opening (or while it was down)
  stream.addEventListener('open', function () {
    document.body.setAttribute('data-live', 'on');
    soon();
  });
  stream.addEventListener('error', function () { document.body.setAttribute('data-live', 'reconnecting'); });
})();
