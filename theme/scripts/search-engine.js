/* The search's logic: the build's index (handbook/search.py) made into a MiniSearch engine, and
   its results with their links and snippets. Nothing here touches the page. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook = globalThis.PartneringHandbook || {};

  // The digits of a gap between two positions, as handbook/search.py writes them.
  const LAST = "abcdefghijklmnopqrstuvwxyz012345";
  const MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789+/";
  const PAGES_MARK = "~";
  const WORD = /[\p{L}\p{N}]+/gu;
  const LIMIT = 8;

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

  /** Each section's terms, from the lists of sections (or pages: their openings) of each term. */
  function sectionTerms(index) {
    const terms = index.sections.map(() => []);
    const opening = [];
    index.sections.forEach((section, number) => { if (opening[section[0]] === undefined) opening[section[0]] = number; });
    index.terms.forEach((term, position) => {
      const list = index.postings[position];
      if (list.startsWith(PAGES_MARK)) {
        for (const page of decodeNumbers(list.slice(1))) terms[opening[page]].push(term);
      } else {
        for (const number of decodeNumbers(list)) terms[number].push(term);
      }
    });
    return terms;
  }

  /** The sections as MiniSearch documents: page title, heading and terms. */
  function documents(index) {
    const terms = sectionTerms(index);
    return index.sections.map((section, id) => ({
      id, title: index.pages[section[0]][1], heading: section[2], text: terms[id].join(" ")
    }));
  }

  /** A search engine over the index: search(query) gives the best results, best first. */
  function createSearch(MiniSearch, index, root) {
    const engine = new MiniSearch({
      fields: ["title", "heading", "text"],
      searchOptions: {
        prefix: true, fuzzy: 0.2, combineWith: "AND",
        // A level's or a function's own page first (its weight), then title and heading matches.
        boost: { title: 3, heading: 2 }, boostDocument: (id) => index.sections[id][3]
      }
    });
    engine.addAll(documents(index));
    function search(query, limit = LIMIT) {
      let found = engine.search(query);
      if (!found.length) found = engine.search(query, { combineWith: "OR" });
      return found.slice(0, limit).map((hit) => result(index, hit, root));
    }
    return { search };
  }

  /** A result: where it leads, its page and section, and its snippet with the matched words. */
  function result(index, hit, root) {
    const [page, anchor, heading, , opening] = index.sections[hit.id];
    const [url, title] = index.pages[page];
    const matched = new Set(hit.terms);
    return {
      id: hit.id, url: (root || "") + url + (anchor ? "#" + anchor : ""), title,
      heading: heading && heading !== title ? marked(heading, matched) : [],
      snippet: marked(opening, matched)
    };
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

  Object.assign(PH, { decodeNumbers, sectionTerms, searchDocuments: documents, createSearch, markedParts: marked });
})();
