/* Three-way merge of saved assessments: what this page read last (base), what it holds now (mine)
   and what storage holds now (theirs, written meanwhile by another open page of the handbook).
   Each single answer, note, name and target keeps whichever side changed it since base; where
   both did, this page's change wins. An assessment one side deleted and the other left alone goes. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { has, isObject, SIDES } = PH;

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const union = (a, b) => Object.keys(a).concat(Object.keys(b).filter((key) => !has(a, key)));

  /** One answer, key by key; a side's wording goes with that side's level. */
  function mergeAnswer(base, mine, theirs) {
    const out = {}, wording = {};
    union(mine, theirs).filter((key) => key !== "wording").forEach((key) => {
      const source = isObject(base) && same(mine[key], base[key]) ? theirs : mine;
      if (has(source, key)) out[key] = source[key];
      if (SIDES.indexOf(key) >= 0 && isObject(source.wording) && has(source.wording, key)) wording[key] = source.wording[key];
    });
    if (isObject(mine.wording) || isObject(theirs.wording)) out.wording = wording;
    return out;
  }

  function mergeAnswers(base, mine, theirs) {
    const out = {};
    union(mine, theirs).forEach((id) => {
      const a = mine[id], b = theirs[id], o = isObject(base) ? base[id] : undefined;
      out[id] = isObject(a) && isObject(b) ? mergeAnswer(o, a, b) : has(mine, id) ? a : b;
    });
    return out;
  }

  /** One assessment both sides hold: key by key, the answers answer by answer. */
  function mergeAssessment(base, mine, theirs) {
    if (!isObject(base) || same(theirs, base)) return mine;
    if (same(mine, base)) return theirs;
    const out = {};
    union(mine, theirs).forEach((key) => {
      if (key === "answers" && isObject(mine.answers) && isObject(theirs.answers)) {
        out.answers = mergeAnswers(isObject(base.answers) ? base.answers : null, mine.answers, theirs.answers);
        return;
      }
      const source = same(mine[key], base[key]) ? theirs : mine;
      if (has(source, key)) out[key] = source[key];
    });
    if (typeof mine.updated === "string" && typeof theirs.updated === "string") {
      out.updated = mine.updated > theirs.updated ? mine.updated : theirs.updated;
    }
    return out;
  }

  /** What to keep of an assessment that only one side still has: gone unless changed since base. */
  function survivor(base, kept) { return base !== undefined && same(kept, base) ? undefined : kept; }

  /** Merge {current, assessments} snapshots; current is this page's (it stays on what it shows). */
  function mergeStates(base, mine, theirs) {
    const assessments = Object.create(null), baseList = base ? base.assessments : Object.create(null);
    union(mine.assessments, theirs.assessments).forEach((id) => {
      const o = has(baseList, id) ? baseList[id] : undefined;
      const inMine = has(mine.assessments, id), inTheirs = has(theirs.assessments, id);
      const merged = inMine && inTheirs ? mergeAssessment(o, mine.assessments[id], theirs.assessments[id])
        : survivor(o, inMine ? mine.assessments[id] : theirs.assessments[id]);
      if (merged !== undefined) assessments[id] = merged;
    });
    const current = has(assessments, mine.current) ? mine.current : has(assessments, theirs.current) ? theirs.current
      : Object.keys(assessments)[0] || null;
    return { current: current, assessments: assessments };
  }

  Object.assign(PH, { mergeStates, sameData: same });
})();
