// A form whose answer is a file to download (the PIN envelope, a signed PDF) leaves the
// browser on the old page. With this script the form is sent in the background, the file
// is saved, and the browser opens data-done-url, which shows what happened. An answer that
// is not a file (a form error) replaces the page as a normal submission would.
(function () {
  "use strict";
  function filenameOf(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="?([^";]+)"?/.exec(header);
    return match ? match[1] : "download.pdf";
  }
  document.querySelectorAll("form[data-done-url]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.URL || !URL.createObjectURL) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      fetch(form.action || window.location.href, {
        method: "POST", body: new FormData(form), credentials: "same-origin"
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.ok && type.indexOf("application/pdf") === 0) {
          return response.blob().then(function (blob) {
            var link = document.createElement("a");
            link.href = URL.createObjectURL(blob);
            link.download = filenameOf(response);
            document.body.appendChild(link);
            link.click();
            setTimeout(function () { window.location.assign(form.getAttribute("data-done-url")); }, 300);
          });
        }
        return response.text().then(function (html) {
          document.open(); document.write(html); document.close();
        });
      }).catch(function () {
        if (button) { button.disabled = false; }
        form.submit();
      });
    });
  });
})();
