/* Development server only: show the last build's problems over the page. */
(function () {
  "use strict";
  // The status file sits beside the site's assets folder, whatever the base path.
  var STATUS = new URL("../__handbook__/status.json", document.currentScript.src).href;
  function show(problems) {
    var old = document.getElementById("handbook-dev-overlay");
    if (old) old.remove();
    if (!problems || !problems.length) return;
    var box = document.createElement("div");
    box.id = "handbook-dev-overlay";
    box.setAttribute("role", "alert");
    var title = document.createElement("strong");
    title.textContent = "Build failed: the last good pages are shown. Fix these problems:";
    box.appendChild(title);
    var list = document.createElement("pre");
    list.textContent = problems.join("\n");
    box.appendChild(list);
    document.body.appendChild(box);
  }
  fetch(STATUS, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : { problems: [] }; })
    .then(function (status) { show(status.problems); })
    .catch(function () { /* no dev server: nothing to show */ });
})();
