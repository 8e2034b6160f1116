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

  /** Where each section is: its page's number and its position there (typed arrays, not an array
      per section, which at 1,000 pages the engine's building spent its time collecting), and
      each page's first section. A section's [anchor, heading, weight] is its page's row. */
  function flatten(index) {
    const count = index.pages.reduce((sum, page) => sum + page[2].length, 0);
    const page = new Int32Array(count), position = new Int32Array(count), opening = [];
    let id = 0;
    index.pages.forEach((row, number) => {
      opening.push(id);
      for (let at = 0; at < row[2].length; at += 1, id += 1) { page[id] = number; position[id] = at; }
    });
    return { count, page, position, opening, row: (id) => index.pages[page[id]][2][position[id]] };
  }

  /** The sections' text and headings as the lists engineOf reads; the common terms, listed by page, apart. */
  function sectionLists(index) {
    const text = { terms: [], documents: [] }, common = [];
    index.terms.forEach((term, position) => {
      const list = index.postings[position];
      if (list.startsWith(PAGES_MARK)) common.push({ id: common.length, term, pages: list.slice(1) });
      else { text.terms.push(term); text.documents.push(decodeNumbers(list)); }
    });
    const heading = { terms: index.headingTerms, documents: index.headingPostings.map(decodeNumbers) };
    return { text, heading, common };
  }

  const OPTIONS = { prefix: true, fuzzy: 0.2 };

  /** The engine's field options: a section's text and heading come as the index's arrays of
      terms, not as texts to split; the title is split as a query is.

      An empty list is read as the empty text is ([""], a term of no length the engine skips), so
      that the fields' lengths, and with them the scores, are as they were for joined terms. */
  function termFields(MiniSearch, listed = ["heading", "text"]) {
    const tokenize = MiniSearch.getDefault("tokenize"), stringify = MiniSearch.getDefault("stringifyField");
    return {
      stringifyField: (value, field) => (listed.includes(field) ? value : stringify(value, field)),
      tokenize: (value, field) => (listed.includes(field) ? (value.length ? value : [""]) : tokenize(value, field))
    };
  }

  const STEP = 2 ** 21;  // where addAll first meets a term: (document * fields + field) * STEP + position

  /** A MiniSearch engine holding the documents (their ids 0, 1, ...) as its addAll makes it, made faster.

      A field named in listed comes as lists, as the index holds a section's terms: the field's
      terms[n] is used once by each of its documents[n] (ascending ids), and in that order within
      a document, as addAll reads a document whose field is the array of its terms. At 1,000
      pages addAll took most of the first key's time, and most of that went to collecting its
      garbage: here each use is counted straight into the engine's maps instead of walking its
      tree of terms, each term is added to the tree once, in the order addAll first meets it,
      and the fields' lengths are typed arrays, read through a map of the engine's shape, as are
      the ids 0, 1, ... So the tree, every score and every tie's order are addAll's: the vendored
      version is pinned, and a unit test compares the engine with addAll's. The engine is read,
      never changed: documents cannot be added to it or removed. */
  function engineOf(MiniSearch, options, documents, listed = {}) {
    const get = (name) => options[name] || MiniSearch.getDefault(name);
    const stringify = get("stringifyField"), tokenize = get("tokenize"), process = get("processTerm");
    const engine = new MiniSearch(options), fields = options.fields, count = documents.length, width = fields.length;
    const terms = new Map(), firsts = new Map();
    const lengths = fields.map(() => new Int32Array(count).fill(-1));  // -1: the document has no such field
    /** A term's uses by field, noting where addAll first meets the term. */
    const dataOf = (term, at) => {
      let data = terms.get(term);
      if (data === undefined) { terms.set(term, data = new Map()); firsts.set(term, at); }
      else if (at < firsts.get(term)) firsts.set(term, at);
      return data;
    };
    fields.forEach((field, fieldId) => {
      const list = listed[field], length = lengths[fieldId];
      if (list) {
        length.fill(0);
        list.terms.forEach((term, position) => {
          const ids = list.documents[position];
          for (const id of ids) length[id] += 1;
          if (!ids.length) return;
          for (const processed of termsOf(process(term, field))) {
            const data = dataOf(processed, (ids[0] * width + fieldId) * STEP + position), before = data.get(fieldId);
            data.set(fieldId, before ? counted(before, ids) : new Once(ids));  // before: two terms processed alike
          }
        });
        const none = distinct(tokenize(stringify([], field), field));  // a document without any
        for (let id = 0; id < count; id += 1) if (!length[id]) length[id] = none;
        return;
      }
      const empty = tokenize(stringify("", field), field);  // the empty text's tokens, met most often
      documents.forEach((document, id) => {
        const value = document[field];
        if (value == null) return;
        const tokens = value === "" ? empty : tokenize(stringify(value, field), field);
        length[id] = distinct(tokens);
        for (let position = 0; position < tokens.length; position += 1) {
          for (const processed of termsOf(process(tokens[position], field))) {
            const data = dataOf(processed, (id * width + fieldId) * STEP + position);
            let counts = data.get(fieldId);
            if (counts === undefined) data.set(fieldId, counts = new Map());
            counts.set(id, (counts.get(id) || 0) + 1);
          }
        }
      });
    });
    lengths.forEach((length, fieldId) => {  // each field's average, counted as addAll counts it
      let average = null;
      for (let id = 0; id < count; id += 1) if (length[id] >= 0) average = ((average || 0) * id + length[id]) / (id + 1);
      if (average !== null) engine._avgFieldLength[fieldId] = average;
    });
    for (const term of Array.from(firsts.keys()).sort((a, b) => firsts.get(a) - firsts.get(b))) {
      engine._index.set(term, terms.get(term));  // the engine's own tree of terms
    }
    engine._documentCount = engine._nextId = count;
    engine._documentIds = engine._idToShortId = new Identities(count);
    engine._fieldLength = new FieldLengths(lengths);
    return engine;
  }

  /** The terms a processed term stands for: processTerm may give one, several or none. */
  function termsOf(processed) {
    if (Array.isArray(processed)) return processed.filter(Boolean);
    return processed ? [processed] : [];
  }

  /** How many distinct tokens there are, as new Set(tokens).size counts them: most lists are short. */
  function distinct(tokens) {
    if (tokens.length > 8) return new Set(tokens).size;
    let found = 0;
    for (let at = 0; at < tokens.length; at += 1) if (tokens.indexOf(tokens[at]) === at) found += 1;
    return found;
  }

  /** A term's uses once in each of some documents (ascending ids), read as the engine reads its
      map of counts by document: a Map for each term and field was most of the building's garbage. */
  class Once {
    constructor(ids) { this.ids = ids; this.size = ids.length; }
    get(id) {
      let low = 0, high = this.ids.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1, found = this.ids[middle];
        if (found === id) return 1;
        if (found < id) low = middle + 1; else high = middle - 1;
      }
      return undefined;
    }
    has(id) { return this.get(id) !== undefined; }
    keys() { return this.ids.values(); }
    *[Symbol.iterator]() { for (const id of this.ids) yield [id, 1]; }
  }

  /** The counts of uses by document of a term met before in the field and now in more documents, by document. */
  function counted(before, ids) {
    const counts = new Map(before);
    for (const id of ids) counts.set(id, (counts.get(id) || 0) + 1);
    return new Map(Array.from(counts).sort((a, b) => a[0] - b[0]));
  }

  /** The ids 0 ... size - 1, each its own, read as the engine reads its maps of ids. */
  class Identities {
    constructor(size) { this.size = size; }
    has(id) { return Number.isInteger(id) && id >= 0 && id < this.size; }
    get(id) { return this.has(id) ? id : undefined; }
    *[Symbol.iterator]() { for (let id = 0; id < this.size; id += 1) yield [id, id]; }
  }

  /** Each document's fields' lengths, read as the engine reads its map of them: [length of field 0, ...]. */
  class FieldLengths {
    constructor(lengths) { this.lengths = lengths; this.size = lengths.length ? lengths[0].length : 0; }
    get(id) {
      const found = [];
      this.lengths.forEach((length, fieldId) => { if (length[id] >= 0) found[fieldId] = length[id]; });
      return found;
    }
    *[Symbol.iterator]() { for (let id = 0; id < this.size; id += 1) yield [id, this.get(id)]; }
  }

  /** A search engine over the index: search(query) gives the best results, best first, each
      with its section's text from snippet(page number, position of the section in its page).

      The sections are the engine's documents with their terms, except the common ones (in most
      pages): a second, small engine finds those among themselves, and the pages that use them
      follow the sections' results. At 1,000 pages they were most of the engine's building,
      and the page's title repeated in each of its sections most of the rest. */
  function createSearch(MiniSearch, index, root, snippet) {
    const flat = flatten(index), { text, heading, common } = sectionLists(index);
    const engine = engineOf(MiniSearch, Object.assign(termFields(MiniSearch), {
      fields: ["title", "heading", "text"],
      searchOptions: Object.assign({ combineWith: "AND",
        // A level's or a function's own page first (its weight), then title and heading matches.
        boost: { title: 3, heading: 2 }, boostDocument: (id) => flat.row(id)[2] }, OPTIONS)
    }), titles(index, flat), { text, heading });
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

  /** Each section's title, the engine's one field to split: a page's title is its opening's alone,
      so that a title word finds the page once, not every section. */
  function titles(index, flat) {
    const none = { title: "" }, documents = new Array(flat.count).fill(none);
    flat.opening.forEach((id, page) => { documents[id] = { title: index.pages[page][1] }; });
    return documents;
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
    const page = flat.page[hit.id], position = flat.position[hit.id], [anchor, heading] = flat.row(hit.id);
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

  Object.assign(PH, { searchTermFields: termFields, decodeNumbers, decodePages, createSearch, searchEngineOf: engineOf, markedParts: marked, snippetText: around });
})();
