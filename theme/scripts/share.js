/* Share links: an assessment carried in the URL's fragment, which browsers never send to a server. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { idMap, isObject, shown, SIDES } = PH;
  const SHARE_KEY = "a=";
  const MAX_LINK = 64 * 1024;

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

  /** A short hash (FNV-1a, base 36) of a descriptor: enough to notice that its wording changed. */
  function wordingHash(string) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < string.length; i++) hash = Math.imul(hash ^ string.charCodeAt(i), 16777619);
    return ((hash >>> 0) % 1679616).toString(36);
  }

  function linkEntry(model, answer, levels, withNotes) {
    const entry = SIDES.map((side) => {
      const index = levels.indexOf(answer[side]);
      return index >= 0 ? index : answer[side] === "unsure" ? "u" : answer[side] === "na" ? "n" : null;
    });
    entry.push(SIDES.map((side) =>
      model.level(answer[side]) && typeof answer.wording[side] === "string" ? wordingHash(answer.wording[side]) : "").join("."));
    if (withNotes && answer.note) entry.push(answer.note);
    return entry;
  }

  /**
   * Return the fragment ("a=...") of a share link: base64url of a compact JSON
   * {f: framework id, v: version, n: name, u: updated, l: [level ids], a: {function id: [current, target, hashes, note?]}}
   * where current and target are indexes into l, "u" (not sure), "n" (not relevant) or null, and
   * hashes are the wording hashes of both answers joined by ".". Notes only when asked for (o: 1).
   */
  function encodeShare(model, assessment, withNotes) {
    const levels = model.levels.map((level) => level.id), answers = idMap();
    model.functions.forEach((fn) => {
      const answer = assessment.answers[fn.id];
      if (answer) answers[fn.id] = linkEntry(model, answer, levels, withNotes);
    });
    const compact = { f: model.id, v: model.version, n: assessment.name, u: assessment.updated, l: levels, a: answers };
    if (withNotes) compact.o = 1;
    return SHARE_KEY + toBase64url(JSON.stringify(compact));
  }

  function linkAnswer(model, id, entry, levels) {
    const answer = { note: typeof entry[3] === "string" ? entry[3] : "", wording: {} }, fn = model.fn(id);
    const hashes = typeof entry[2] === "string" ? entry[2].split(".") : [];
    SIDES.forEach((side, i) => {
      let value = entry[i];
      if (typeof value === "number") value = typeof levels[value] === "string" ? levels[value] : String(value);
      answer[side] = value === "u" ? "unsure" : value === "n" ? "na" : value === undefined ? null : value;
      const level = model.level(answer[side]);
      if (fn && level && hashes[i]) {
        const descriptor = fn.levels[level.id].descriptor;
        answer.wording[side] = wordingHash(descriptor) === hashes[i] ? descriptor : "";
      }
    });
    return answer;
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
    const answers = idMap();
    Object.keys(compact.a).forEach((id) => {
      if (Array.isArray(compact.a[id])) answers[id] = linkAnswer(model, id, compact.a[id], compact.l);
    });
    const raw = { format: PH.FORMAT, schema: PH.SCHEMA, framework: { id: compact.f, version: compact.v }, name: compact.n,
                  created: compact.u, updated: compact.u, answers: answers };
    const result = PH.validateAssessment(model, raw, fallbackName);
    result.notes = compact.o === 1;
    result.version = shown(compact.v, 40);
    return result;
  }

  Object.assign(PH, { SHARE_KEY, encodeShare, decodeShare, wordingHash });
})();
