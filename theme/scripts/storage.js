/* Storage: this handbook's saved assessments in the browser's localStorage. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { has, idMap, isObject } = PH;
  const KEY_PREFIX = "partnering-handbook:";
  const KEY_VERSION = "v1";

  function storageKey(frameworkId, basePath) { return KEY_PREFIX + KEY_VERSION + ":" + frameworkId + ":" + basePath; }

  /** Return the folder of the site's root from the page's own address (the assessment page sits at the root). */
  function siteBase(location, fallback) {
    const path = location.pathname || "";
    const folder = path.slice(0, path.lastIndexOf("/") + 1);
    return folder || fallback || "/";
  }

  function browserStorage() {
    try { const storage = globalThis.localStorage; storage.getItem(KEY_PREFIX); return storage; } catch (error) { return null; }
  }

  /** The assessment as stored: ids of functions that no longer exist are shown, never stored. */
  function storedForm(assessment) {
    if (!assessment.upgrade || !assessment.upgrade.removed.length) return assessment;
    const copy = Object.assign({}, assessment), upgrade = Object.assign({}, assessment.upgrade, { removed: [] });
    if (upgrade.levels.length || upgrade.added.length) copy.upgrade = upgrade; else delete copy.upgrade;
    return copy;
  }

  /** True when a storage key is this handbook's (any key version, this framework and base path). */
  function ownKey(model, basePath) {
    const own = ":" + model.id + ":" + basePath;
    return (name) => {
      if (!name || name.indexOf(KEY_PREFIX) !== 0) return false;
      const rest = name.slice(KEY_PREFIX.length), colon = rest.indexOf(":");
      const tail = colon < 0 ? "" : rest.slice(colon);
      return tail === own || tail.indexOf(own + ":") === 0;
    };
  }

  function readState(model, raw, fallbackName) {
    const state = { current: null, assessments: idMap() };
    if (!isObject(raw) || raw.schema !== PH.SCHEMA || !isObject(raw.assessments)) return state;
    state.retired = idMap();
    Object.keys(raw.assessments).forEach((id) => {
      const assessment = PH.validateAssessment(model, raw.assessments[id], fallbackName).assessment;
      if (!assessment) return;
      state.assessments[assessment.id] = assessment;
      // Answers for functions the framework no longer has stay stored as they were until the reader
      // works on that assessment (with the notice that lists them on screen); see retire().
      if (assessment.upgrade && assessment.upgrade.removed.length) state.retired[assessment.id] = raw.assessments[id];
    });
    state.current = has(state.assessments, raw.current) ? raw.current : Object.keys(state.assessments)[0] || null;
    return state;
  }

  /** Open this handbook's saved assessments: {key, load(), save(state), clear()}. */
  function openStore(model, basePath, storage) {
    const key = storageKey(model.id, basePath), isOwn = ownKey(model, basePath);
    return {
      key: key,
      available: !!storage,
      load(fallbackName) {
        let raw = null;
        try { raw = storage && JSON.parse(storage.getItem(key) || "null"); } catch (error) { raw = null; }
        return readState(model, raw, fallbackName);
      },
      save(state) {
        if (!storage) return false;
        try {
          const retired = state.retired || idMap(), assessments = idMap();
          Object.keys(state.assessments).forEach((id) => {
            assessments[id] = has(retired, id) ? retired[id] : storedForm(state.assessments[id]);
          });
          storage.setItem(key, JSON.stringify({ schema: PH.SCHEMA, current: state.current, assessments: assessments }));
          return true;
        } catch (error) { return false; }
      },
      clear() {
        if (!storage) return;
        const names = [];
        for (let i = 0; i < storage.length; i++) if (isOwn(storage.key(i))) names.push(storage.key(i));
        names.forEach((name) => { storage.removeItem(name); });
      }
    };
  }

  Object.assign(PH, { KEY_PREFIX, storageKey, siteBase, browserStorage, openStore });
})();
