/* Share links: an assessment carried in the URL's fragment, which browsers never send to a server. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { idMap, isObject, shown, SIDES } = PH;
  const SHARE_KEY = "a=";
  const MAX_LINK = 64 * 1024;
  const LINK_FORMAT = 2;  // links without s (the first format) carry wording hashes instead of ids alone

  function toBase64url(string) {
    const bytes = new TextEncoder().encode(string);
    let binary = "";
    for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(code) {
    const binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  }

  /** The hash (FNV-1a, base 36) links of the first format kept of each answer's wording: read, never written. */
  function wordingHash(string) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < string.length; i++) hash = Math.imul(hash ^ string.charCodeAt(i), 16777619);
    return ((hash >>> 0) % 1679616).toString(36);
  }

  function linkEntry(answer, levels, withNotes) {
    const entry = SIDES.map((side) => {
      const index = levels.indexOf(answer[side]);
      return index >= 0 ? index : answer[side] === "unsure" ? "u" : answer[side] === "na" ? "n" : null;
    });
    if (withNotes && answer.note) entry.push(answer.note);
    return entry;
  }

  /** {function id: [side indexes]} of the answers the assessment's upgrade record marks as reworded. */
  function linkRewordings(model, assessment) {
    const marked = idMap();
    (assessment.upgrade && Array.isArray(assessment.upgrade.reworded) ? assessment.upgrade.reworded : []).forEach((entry) => {
      const answer = assessment.answers[entry["function"]];
      if (!model.fn(entry["function"]) || !answer || answer[entry.side] !== entry.level) return;
      marked[entry["function"]] = (marked[entry["function"]] || []).concat([SIDES.indexOf(entry.side)]);
    });
    return Object.keys(marked).length ? marked : null;
  }

  /**
   * Return the fragment ("a=...") of a share link: base64url of a compact JSON
   * {f: framework id, v: version, n: name, u: updated, l: [level ids], a: {function id: [current, target, note?]}, s: 2}
   * where current and target are indexes into l, "u" (not sure), "n" (not relevant) or null; r: {function id:
   * [side indexes]} marks answers given to a descriptor reworded since. Notes only when asked for (o: 1).
   */
  function encodeShare(model, assessment, withNotes) {
    const levels = model.levels.map((level) => level.id), answers = idMap();
    model.functions.forEach((fn) => {
      const answer = assessment.answers[fn.id];
      if (answer) answers[fn.id] = linkEntry(answer, levels, withNotes);
    });
    const compact = { f: model.id, v: model.version, n: assessment.name, u: assessment.updated, l: levels, a: answers, s: LINK_FORMAT };
    const reworded = linkRewordings(model, assessment);
    if (reworded) compact.r = reworded;
    if (withNotes) compact.o = 1;
    return SHARE_KEY + toBase64url(JSON.stringify(compact));
  }

  function linkValue(entry, i, levels) {
    let value = entry[i];
    if (typeof value === "number") value = typeof levels[value] === "string" ? levels[value] : String(value);
    return value === "u" ? "unsure" : value === "n" ? "na" : value === undefined ? null : value;
  }

  /** An answer of a link: [current, target, note?]; a first-format link has the wording hashes third, then the note. */
  function linkAnswer(model, id, entry, levels, first) {
    const noted = entry[first ? 3 : 2], answer = { note: typeof noted === "string" ? noted : "" }, fn = model.fn(id);
    const hashes = first && typeof entry[2] === "string" ? entry[2].split(".") : [];
    if (first) answer.wording = {};
    SIDES.forEach((side, i) => {
      answer[side] = linkValue(entry, i, levels);
      const level = model.level(answer[side]);
      if (fn && level && hashes[i]) {  // read as a first-format file's wording: "" when it no longer matches
        const descriptor = fn.levels[level.id].descriptor;
        answer.wording[side] = wordingHash(descriptor) === hashes[i] ? descriptor : "";
      }
    });
    return answer;
  }

  /** The upgrade record a link's r marks stand for: rewordings of unknown earlier wording. */
  function linkRecord(compact, answers) {
    const marks = isObject(compact.r) ? compact.r : {}, reworded = [];
    Object.keys(marks).forEach((id) => {
      if (!Array.isArray(marks[id]) || !answers[id]) return;
      marks[id].forEach((i) => { if (SIDES[i]) reworded.push({ "function": id, side: SIDES[i], level: answers[id][SIDES[i]], was: null }); });
    });
    return { from: null, removed: [], levels: [], added: [], reworded: reworded };
  }

  function readCompact(code) {
    try { return JSON.parse(fromBase64url(code.slice(SHARE_KEY.length))); } catch (error) { return null; }
  }

  /**
   * Read the fragment of a share link. Return null when it holds no assessment, else what
   * validateAssessment returns plus {notes: whether notes are included, version: the link's}.
   */
  function decodeShare(model, fragment, fallbackName) {
    const code = String(fragment || "").replace(/^#/, "");
    if (code.indexOf(SHARE_KEY) !== 0) return null;
    if (code.length > MAX_LINK) return { error: { key: "share_too_long", values: {} } };
    const compact = readCompact(code);
    if (!isObject(compact) || !Array.isArray(compact.l) || !isObject(compact.a)) return { error: { key: "share_unreadable", values: {} } };
    if (compact.f !== model.id) {
      return { error: { key: "share_other_framework", values: { id: shown(compact.f, 80), expected: model.title } } };
    }
    const answers = idMap(), first = compact.s !== LINK_FORMAT;
    Object.keys(compact.a).forEach((id) => {
      if (Array.isArray(compact.a[id])) answers[id] = linkAnswer(model, id, compact.a[id], compact.l, first);
    });
    const raw = { format: PH.FORMAT, schema: PH.SCHEMA, framework: { id: compact.f, version: compact.v }, name: compact.n,
                  created: compact.u, updated: compact.u, answers: answers, upgrade: linkRecord(compact, answers) };
    const result = PH.validateAssessment(model, raw, fallbackName);
    result.notes = compact.o === 1;
    result.version = shown(compact.v, 40);
    return result;
  }

  Object.assign(PH, { SHARE_KEY, encodeShare, decodeShare, wordingHash });
})();
