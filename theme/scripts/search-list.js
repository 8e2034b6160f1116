/* The search box's list of results: the combobox's states, keys and options. Loaded with the
   engine and the index on the box's first use (see search-box.js); nothing runs until
   PH.attachSearch(form) is called, by start-search.js. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook = globalThis.PartneringHandbook || {};

  /** An option of the list: its title and section, then its snippet, the matched words marked. */
  function option(doc, found, number) {
    const item = doc.createElement("li");
    item.id = "site-search-option-" + number;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.url = found.url;
    const where = item.appendChild(doc.createElement("span"));
    where.className = "search-where";
    where.append(found.title);
    if (found.heading.length) {
      const section = where.appendChild(doc.createElement("span"));
      section.className = "search-section";
      appendParts(doc, section, found.heading);
    }
    const snippet = item.appendChild(doc.createElement("span"));
    snippet.className = "search-snippet";
    appendParts(doc, snippet, found.snippet);
    return item;
  }

  /** Append text parts, each matched word in a <mark>: text nodes only, never markup. */
  function appendParts(doc, parent, parts) {
    for (const part of parts) {
      if (!part.mark) { parent.append(part.text); continue; }
      parent.appendChild(doc.createElement("mark")).textContent = part.text;
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
  }

  /** What the live region says of a search's results. */
  function resultsText(form, count, query) {
    if (count === 1) return form.dataset.oneResult;
    return count ? fill(form.dataset.resultsCount, { count }) : fill(form.dataset.noResults, { query });
  }

  /** Mark one option as the active one (-1: none), as the combobox pattern says. */
  function activate(box, number) {
    const options = box.list.children;
    if (box.state.active >= 0 && options[box.state.active]) options[box.state.active].setAttribute("aria-selected", "false");
    box.state.active = number;
    if (number < 0 || !options[number]) { box.input.removeAttribute("aria-activedescendant"); return; }
    options[number].setAttribute("aria-selected", "true");
    box.input.setAttribute("aria-activedescendant", options[number].id);
    options[number].scrollIntoView({ block: "nearest" });
  }

  /** The box's parts and state, and what the reader's typing does to them. */
  function controller(form) {
    const doc = form.ownerDocument;
    const list = form.querySelector("[role=listbox]");
    const status = form.querySelector("[aria-live]");
    const box = { input: form.querySelector("[role=combobox]"), list, state: { search: null, active: -1 } };
    const say = (text) => { if (status.textContent !== text) status.textContent = text; };
    box.activate = (number) => activate(box, number);
    box.open = (show) => {
      list.parentElement.hidden = !show;
      box.input.setAttribute("aria-expanded", String(show));
      if (!show) box.activate(-1);
    };
    box.ask = () => {
      if (!box.state.search) return;  // not ready: it asks once it is
      const query = box.input.value.trim();
      const found = query ? box.state.search.search(query) : [];
      list.replaceChildren(...found.map((entry, number) => option(doc, entry, number)));
      box.state.active = -1;
      box.open(found.length > 0);
      say(query ? resultsText(form, found.length, query) : "");
    };
    box.go = (number) => {
      const chosen = list.children[number];
      if (chosen) doc.defaultView.location.href = chosen.dataset.url;
    };
    return box;
  }

  /** What a key pressed in the box does: move through the results, open one, or close them. */
  function onKey(box, event) {
    const count = box.list.children.length, expanded = box.input.getAttribute("aria-expanded") === "true";
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      if (!expanded) box.open(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      const active = box.state.active;
      box.activate(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (count) box.go(box.state.active >= 0 ? box.state.active : 0);
    } else if (event.key === "Escape") {
      if (expanded) { event.preventDefault(); box.open(false); } else if (box.input.value) { event.preventDefault(); box.input.value = ""; box.ask(); }
    }
  }

  /** Take over the upgraded box: answer what is typed in it, from now on and already.

      The engine is built at once; the box answers once the snippets have come too (textLoaded),
      so that no result is drawn without its snippet. */
  function attachSearch(form, textLoaded) {
    const box = controller(form);
    const win = form.ownerDocument.defaultView;
    const snippet = (page, position) => PH.searchText[page][position];
    const search = PH.createSearch(win.MiniSearch, PH.searchIndex, form.ownerDocument.documentElement.dataset.root, snippet);
    // A failed load is told by the box's loader (search-box.js); nothing to answer then.
    Promise.resolve(textLoaded).then(() => { box.state.search = search; box.ask(); }, () => {});
    box.input.addEventListener("input", box.ask);
    box.input.addEventListener("focus", () => { if (box.input.value.trim() && box.list.children.length) box.open(true); });
    box.input.addEventListener("keydown", (event) => onKey(box, event));
    form.addEventListener("focusout", (event) => { if (!form.contains(event.relatedTarget)) box.open(false); });
    box.list.addEventListener("mousedown", (event) => event.preventDefault());  // keep the focus in the box
    box.list.addEventListener("click", (event) => {
      const chosen = event.target.closest("[role=option]");
      if (chosen) box.go(Array.prototype.indexOf.call(box.list.children, chosen));
    });
    return box;
  }

  Object.assign(PH, { attachSearch, searchKey: onKey, fillString: fill });
})();
