/* Development server only (build.py serve): reload the page after each good build and show the
   build's problems over it. The server serves this file; it is never part of a built site. */
(function () {
  "use strict";
  var script = document.currentScript;
  var KEY = "handbook-dev"; // sessionStorage: the build this tab last showed, a dismissed list
  var strings = readStrings();
  var shown = null; // {server, generation} of the build this page shows, once known

  function readStrings() {
    var node = document.getElementById("handbook-dev-strings");
    try {
      return JSON.parse(node.textContent) || {};
    } catch (error) {
      return {};
    }
  }

  function remembered() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY)) || {};
    } catch (error) {
      return {};
    }
  }

  function remember(state) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(state));
    } catch (error) {
      /* storage refused: a reload during a rebuild may then show the older build */
    }
  }

  // A page that loaded while a newer build was written, or from an earlier run of the server,
  // learns it from the first status the socket brings, and reloads.
  function isNewer(status, build) {
    return build !== null && (build.server !== status.server ||
                              build.generation < status.generation);
  }

  function onStatus(status) {
    var state = remembered();
    if (shown === null) shown = state.shown || null;
    var build = { server: status.server, generation: status.generation };
    state.shown = build;
    remember(state);
    if (isNewer(status, shown)) {
      location.reload();
      return;
    }
    shown = build;
    // Which build the page shows, for the reader's developer tools and for the tests.
    document.documentElement.setAttribute("data-dev-build", String(status.generation));
    render(status, state.dismissed);
  }

  function signature(status) {
    return JSON.stringify([status.errors, status.warnings]);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function list(box, heading, problems) {
    if (!problems.length) return;
    box.appendChild(element("p", "handbook-dev-heading", heading));
    var items = element("ul", "handbook-dev-problems");
    problems.forEach(function (problem) {
      var item = element("li");
      item.appendChild(element("code", "", problem));
      items.appendChild(item);
    });
    box.appendChild(items);
  }

  function dismissButton(box, status) {
    var button = element("button", "handbook-dev-dismiss", strings.dismiss || "Dismiss");
    button.type = "button";
    button.addEventListener("click", function () {
      var state = remembered();
      state.dismissed = signature(status);
      remember(state);
      box.remove();
    });
    return button;
  }

  // Appended last and never focused: the reader's place and focus on the page stay as they were.
  function render(status, dismissed) {
    var old = document.getElementById("handbook-dev-overlay");
    if (old) old.remove();
    if (!status.errors.length && !status.warnings.length) return;
    if (dismissed === signature(status)) return;
    var box = element("section", "handbook-dev-overlay" + (status.ok ? " is-warning" : ""));
    box.id = "handbook-dev-overlay";
    box.setAttribute("role", status.ok ? "status" : "alert");
    box.setAttribute("aria-labelledby", "handbook-dev-title");
    var top = element("div", "handbook-dev-top");
    var waiting = document.getElementById("handbook-dev-waiting"); // no good build yet
    var title = element("p", "handbook-dev-title", status.ok ? strings.warnings_only
      : waiting ? strings.no_pages : strings.failed);
    title.id = "handbook-dev-title";
    top.appendChild(title);
    top.appendChild(dismissButton(box, status));
    box.appendChild(top);
    list(box, strings.errors, status.errors);
    list(box, strings.warnings, status.warnings);
    document.body.appendChild(box);
  }

  function connect() {
    var socket = new WebSocket(script.dataset.socket);
    socket.addEventListener("open", function () {
      // The LiveReload handshake: "hello", then "info" adds this page to the server's list.
      socket.send(JSON.stringify({ command: "hello",
        protocols: ["http://livereload.com/protocols/official-7"] }));
      socket.send(JSON.stringify({ command: "info", url: location.href, plugins: {} }));
    });
    socket.addEventListener("message", function (event) {
      var message = JSON.parse(event.data);
      if (message.command === "status") onStatus(message);
    });
    // The server stopped or restarts: try again; the new run's first status reloads the page.
    socket.addEventListener("close", function () { setTimeout(connect, 1000); });
  }

  connect();
})();
