// Polls our own status endpoint while a payment waits for the provider's confirmation,
// and reloads the page once the state changes. The page never trusts the redirect from
// the checkout: only our database (updated by the verified webhook) says "paid".
(function () {
  "use strict";
  var box = document.getElementById("payment-status");
  if (!box || !box.dataset.pollUrl) { return; }
  var url = box.dataset.pollUrl;
  var current = box.dataset.status;
  var delay = 2000;
  var maxDelay = 15000;
  var deadline = Date.now() + 30 * 60 * 1000;

  function reload() {
    // Drop ?returned=1 so a later visit does not look like a fresh return.
    window.location.replace(window.location.pathname);
  }

  function poll() {
    if (Date.now() > deadline) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.status && data.status !== current) { reload(); return; }
        delay = Math.min(maxDelay, Math.round(delay * 1.5));
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = maxDelay;
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
}());
