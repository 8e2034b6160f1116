/* The search's logic: the build's index (handbook/search.py) made into a MiniSearch engine, and
   its results with their links and snippets (the index's second script, read when results are
   made). Nothing here touches the page. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook = globalThis.PartneringHandbook || {};

  // The digits of a gap between two positions, as handbook/search.py writes them.
  const LAST = "abcdefghijklmnopqrstuvwxyz012345";
  const MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789+/";
  const PAGES_MARK = "~";
  const WORD = /[\p{L}\p{N}]+/gu;
  const LIMIT = 8;
  const SNIPPET = 160;  // characters of a result's snippet

  /** The ascending numbers a term's list holds. */
  function decodeNumbers(text) {
    const numbers = [];
    let value = 0, previous = -1;
    for (const char of text) {
      const more = MORE.indexOf(char);
      if (more >= 0) { value = value * 32 + more; continue; }
      previous += value * 32 + LAST.indexOf(char) + 1;
      numbers.push(previous);
      value = 0;
    }
    return numbers;
  }

  /** The pages a common term's list names: hexadecimal, bit n for page n. */
  function decodePages(hex) {
    const pages = [];
    for (let at = hex.length - 1, base = 0; at >= 0; at -= 1, base += 4) {
      const digit = parseInt(hex[at], 16);
      for (let bit = 0; bit < 4; bit += 1) if (digit & (1 << bit)) pages.push(base + bit);
    }
    return pages;
  }

  /** Every section as [page number, anchor, heading, weight, position in its page], and each page's first section. */
  function flatten(index) {
    const sections = [], opening = [];
    index.pages.forEach((page, number) => {
      opening.push(sections.length);
      page[2].forEach((row, position) => sections.push([number, row[0], row[1], row[2], position]));
    });
    return { sections, opening };
  }

  /** Each section's terms from the terms' lists of sections; the common terms, listed by page, apart. */
  function sectionTerms(index, flat) {
    const terms = flat.sections.map(() => []), common = [];
    index.terms.forEach((term, position) => {
      const list = index.postings[position];
      if (list.startsWith(PAGES_MARK)) common.push({ id: common.length, term, pages: list.slice(1) });
      else for (const number of decodeNumbers(list)) terms[number].push(term);
    });
    return { terms, common };
  }

  const OPTIONS = { prefix: true, fuzzy: 0.2 };

  /** The engine's field options: a section's terms come as the index's array, not as a text to split.

      An empty list is read as the empty text is ([""], a term of no length the engine skips), so
      that the fields' lengths, and with them the scores, are as they were for joined terms. */
  function termFields(MiniSearch) {
    const tokenize = MiniSearch.getDefault("tokenize"), stringify = MiniSearch.getDefault("stringifyField");
    return {
      stringifyField: (value, field) => (field === "text" ? value : stringify(value, field)),
      tokenize: (value, field) => (field === "text" ? (value.length ? value : [""]) : tokenize(value, field))
    };
  }

  /** A MiniSearch engine holding the documents (their ids 0, 1, ...) as its addAll makes it, made faster.

      addAll walks the engine's tree of terms for every use of every term, a third of the first
      key's time at 1,000 pages: here each term's uses are gathered in a Map, and each term is
      added to the tree once, in the order addAll first meets it, so that the tree is the same.
      The engine comes from MiniSearch.loadJS (with the fields' lengths and averages counted as
      addAll counts them) and its tree is filled directly: the vendored version is pinned, and a
      unit test compares the result with addAll's. */
  function engineOf(MiniSearch, options, documents) {
    const get = (name) => options[name] || MiniSearch.getDefault(name);
    const stringify = get("stringifyField"), tokenize = get("tokenize"), process = get("processTerm");
    const terms = new Map(), fieldLength = {}, documentIds = {}, average = [];
    documents.forEach((document, id) => {
      const lengths = fieldLength[id] = [];
      documentIds[id] = id;
      options.fields.forEach((field, fieldId) => {
        if (document[field] == null) return;
        const tokens = tokenize(stringify(document[field], field), field);
        lengths[fieldId] = new Set(tokens).size;
        average[fieldId] = ((average[fieldId] || 0) * id + lengths[fieldId]) / (id + 1);
        for (const token of tokens) addUse(terms, fieldId, id, process(token, field));
      });
    });
    const engine = MiniSearch.loadJS({ documentCount: documents.length, nextId: documents.length, documentIds,
      fieldIds: Object.fromEntries(options.fields.map((field, fieldId) => [field, fieldId])), fieldLength,
      averageFieldLength: average, storedFields: {}, dirtCount: 0, index: [], serializationVersion: 2 }, options);
    for (const [term, data] of terms) engine._index.set(term, data);  // the engine's own tree of terms
    return engine;
  }

  /** Count a use of a term (or of each of several, or none) in a document's field, as the engine's index does. */
  function addUse(terms, fieldId, id, processed) {
    if (Array.isArray(processed)) { for (const term of processed) addUse(terms, fieldId, id, term); return; }
    if (!processed) return;
    let data = terms.get(processed);
    if (!data) terms.set(processed, data = new Map());
    let uses = data.get(fieldId);
    if (!uses) data.set(fieldId, uses = new Map());
    uses.set(id, (uses.get(id) || 0) + 1);
  }

  /** A search engine over the index: search(query) gives the best results, best first, each
      with its section's text from snippet(page number, position of the section in its page).

      The sections are the engine's documents with their terms, except the common ones (in most
      pages): a second, small engine finds those among themselves, and the pages that use them
      follow the sections' results. At 1,000 pages they were most of the engine's building,
      and the page's title repeated in each of its sections most of the rest. */
  function createSearch(MiniSearch, index, root, snippet) {
    const flat = flatten(index), { terms, common } = sectionTerms(index, flat);
    const engine = engineOf(MiniSearch, Object.assign(termFields(MiniSearch), {
      fields: ["title", "heading", "text"],
      searchOptions: Object.assign({ combineWith: "AND",
        // A level's or a function's own page first (its weight), then title and heading matches.
        boost: { title: 3, heading: 2 }, boostDocument: (id) => flat.sections[id][3] }, OPTIONS)
    }), flat.sections.map((section, id) => ({ heading: section[2], text: terms[id],
      // A page's title is its opening's alone: a title word finds the page once, not every section.
      title: flat.opening[section[0]] === id ? index.pages[section[0]][1] : "" })));
    const vocabulary = new MiniSearch({ fields: ["term"], searchOptions: OPTIONS });
    vocabulary.addAll(common);
    function search(query, limit = LIMIT) {
      let found = engine.search(query);
      if (!found.length) found = engine.search(query, { combineWith: "OR" });
      if (found.length < limit) found = found.concat(commonHits(vocabulary, common, flat, query, found));
      return found.slice(0, limit).map((hit) => result(index, flat, hit, root, snippet));
    }
    return { search };
  }

  /** The openings of the pages that use a common term the query matches, in reading order. */
  function commonHits(vocabulary, common, flat, query, found) {
    const matched = vocabulary.search(query);
    if (!matched.length) return [];
    const seen = new Set(found.map((hit) => hit.id));
    const pages = new Set(matched.flatMap((hit) => decodePages(common[hit.id].pages)));
    const terms = matched.map((hit) => common[hit.id].term);
    return Array.from(pages, (page) => flat.opening[page]).filter((id) => !seen.has(id))
      .sort((a, b) => a - b).map((id) => ({ id, terms }));
  }

  /** A result: where it leads, its page and section, and its snippet with the matched words. */
  function result(index, flat, hit, root, snippet) {
    const [page, anchor, heading, , position] = flat.sections[hit.id];
    const opening = snippet(page, position);
    const [url, title] = index.pages[page];
    const matched = new Set(hit.terms);
    return {
      id: hit.id, url: (root || "") + url + (anchor ? "#" + anchor : ""), title,
      heading: heading && heading !== title ? marked(heading, matched) : [],
      snippet: marked(around(opening, matched), matched)
    };
  }

  /** The part of a section's text around its first matched word, at most SNIPPET characters. */
  function around(text, matched) {
    let first = -1;
    for (const word of text.matchAll(WORD)) {
      if (matched.has(word[0].toLowerCase())) { first = word.index; break; }
    }
    if (text.length <= SNIPPET || first < SNIPPET / 2) return clipEnd(text);
    const start = text.indexOf(" ", first - SNIPPET / 4);
    return "…" + clipEnd(text.slice(start < 0 || start >= first ? first : start + 1));
  }

  function clipEnd(text) {
    if (text.length <= SNIPPET) return text;
    const cut = text.lastIndexOf(" ", SNIPPET);
    return text.slice(0, cut > 0 ? cut : SNIPPET) + "…";
  }

  /** A text as parts [{text, mark}], mark true for each word among the matched terms. */
  function marked(text, matched) {
    const parts = [];
    let at = 0;
    for (const word of text.matchAll(WORD)) {
      if (!matched.has(word[0].toLowerCase())) continue;
      if (word.index > at) parts.push({ text: text.slice(at, word.index), mark: false });
      parts.push({ text: word[0], mark: true });
      at = word.index + word[0].length;
    }
    if (at < text.length) parts.push({ text: text.slice(at), mark: false });
    return parts;
  }

  Object.assign(PH, { decodeNumbers, decodePages, createSearch, searchEngineOf: engineOf, markedParts: marked, snippetText: around });
})();
