/* In-page scoring's state: the assessment the self-assessment page has open (the store's current
   one), read and changed from another page of the handbook; a new one only when none is saved yet.
   Saving goes through the store's merge, so the assessment page open beside it loses nothing. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { has } = PH;

  /** Whether the browser keeps storage apart for each file (Firefox under file://): then scores here would be lost. */
  function perFileStorage(location, userAgent) {
    return location.protocol === "file:" && /\bFirefox\//.test(userAgent || "");
  }

  /** Open the handbook's store from this page: {store, state}. */
  function openInpage(model, doc, location, storage, name) {
    const store = PH.openStore(model, PH.rootPath(doc, location), storage, null);
    return { store: store, state: store.load(name) };
  }

  function openAssessment(state) {
    return state.current && has(state.assessments, state.current) ? state.assessments[state.current] : null;
  }

  /** The open assessment's answer for a function, or null when nothing is saved yet. */
  function inpageAnswer(state, functionId) {
    const assessment = openAssessment(state);
    return assessment && has(assessment.answers, functionId) ? assessment.answers[functionId] : null;
  }

  /** Whether the open assessment keeps answers of removed functions aside: the assessment page shows them first. */
  function needsReview(state) {
    return !!(state.retired && state.current && has(state.retired, state.current));
  }

  /** Give one side of a function's answer in the open assessment (a new one named `name` when none is saved). */
  function giveAnswer(model, state, functionId, side, value, name, now) {
    let assessment = openAssessment(state);
    if (!assessment) {
      assessment = PH.createAssessment(model, name, now);
      state.assessments[assessment.id] = assessment;
      state.current = assessment.id;
    }
    PH.setAnswer(model, functionId, assessment.answers[functionId], side, value || null);
    assessment.updated = (now || new Date()).toISOString();
    return assessment;
  }

  /** Save; when the save took in what another page saved, read the merged state. Return {saved, state}. */
  function saveInpage(store, state, name) {
    const saved = store.save(state);
    if (!saved || !store.outdated) return { saved: saved, state: state };
    const fresh = store.load(name);
    if (has(fresh.assessments, state.current)) fresh.current = state.current;
    return { saved: saved, state: fresh };
  }

  /** Take in what another page saved; follow the assessment it has open unless this page holds an unsaved change. */
  function refreshInpage(store, state, name, unsaved) {
    return unsaved ? store.refresh(state) : store.load(name);
  }

  Object.assign(PH, { perFileStorage, openInpage, inpageAnswer, needsReview, giveAnswer, saveInpage, refreshInpage });
})();
