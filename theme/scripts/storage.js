/* Storage: this handbook's saved assessments in the browser's localStorage, one store per handbook.
   The key is built from the handbook's root (<html data-root>), so every page of the handbook, in any
   folder, opens the same store; data saved under an earlier key (the page's own folder) is moved.
   A save re-reads storage and merges (merge.js), so two open pages never undo each other's work. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { has, idMap, isObject } = PH;
  const KEY_PREFIX = "partnering-handbook:";
  const KEY_VERSION = "v1";

  function storageKey(frameworkId, basePath) { return KEY_PREFIX + KEY_VERSION + ":" + frameworkId + ":" + basePath; }

  /** The folder of the page's own address: where earlier releases kept the store. */
  function siteBase(location, fallback) {
    const path = location.pathname || "";
    const folder = path.slice(0, path.lastIndexOf("/") + 1);
    return folder || fallback || "/";
  }

  /** The path of the handbook's root: data-root (relative, or absolute on the 404 page) read against the page's address. */
  function rootPath(doc, location) {
    const root = doc.documentElement.getAttribute("data-root");
    if (root === null) return siteBase(location);  // a page made by a template without it: the page's folder, as before
    try { return new URL(root || "./", location.href).pathname; } catch (error) { return siteBase(location); }
  }

  function browserStorage() {
    try { const storage = globalThis.localStorage; storage.getItem(KEY_PREFIX); return storage; } catch (error) { return null; }
  }

  /** The assessment as stored: ids of functions that no longer exist are shown, never stored. */
  function storedForm(assessment) {
    if (!assessment.upgrade || !assessment.upgrade.removed.length) return assessment;
    const copy = Object.assign({}, assessment), upgrade = Object.assign({}, assessment.upgrade, { removed: [] });
    if (upgrade.levels.length || upgrade.added.length || (upgrade.reworded || []).length) copy.upgrade = upgrade; else delete copy.upgrade;
    return copy;
  }

  /** A state as plain stored data {current, assessments}: what a save writes, and what merges compare. */
  function snapshot(state) {
    const retired = state.retired || idMap(), assessments = idMap();
    Object.keys(state.assessments).forEach((id) => {
      assessments[id] = JSON.parse(JSON.stringify(has(retired, id) ? retired[id] : storedForm(state.assessments[id])));
    });
    return { current: state.current, assessments: assessments };
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
      // works on that assessment (with the notice that lists them on screen); the page then drops state.retired[id].
      if (assessment.upgrade && assessment.upgrade.removed.length) state.retired[assessment.id] = raw.assessments[id];
    });
    state.current = has(state.assessments, raw.current) ? raw.current : Object.keys(state.assessments)[0] || null;
    return state;
  }

  function parse(text) {
    try { return JSON.parse(text || "null"); } catch (error) { return null; }
  }

  function written(storage, key, data) {
    try {
      storage.setItem(key, JSON.stringify({ schema: PH.SCHEMA, current: data.current, assessments: data.assessments }));
      return true;
    } catch (error) { return false; }
  }

  /** Move a store kept under an earlier key into this one, adding what this one lacks; nothing is lost. */
  function moveStore(model, storage, key, oldKey, fallbackName) {
    const old = storage.getItem(oldKey);
    if (old === null) return;
    const here = storage.getItem(key);
    if (here === null) { try { storage.setItem(key, old); storage.removeItem(oldKey); } catch (error) { /* kept where it was */ } return; }
    const moved = snapshot(readState(model, parse(old), fallbackName)), kept = snapshot(readState(model, parse(here), fallbackName));
    Object.keys(moved.assessments).forEach((id) => {
      if (!has(kept.assessments, id)) kept.assessments[id] = moved.assessments[id];
      else if (!PH.sameData(kept.assessments[id], moved.assessments[id])) {
        const copy = Object.assign({}, moved.assessments[id], { id: PH.newId() });
        kept.assessments[copy.id] = copy;
      }
    });
    if (written(storage, key, kept)) storage.removeItem(oldKey);
  }

  /**
   * Open this handbook's saved assessments: {key, available, load(name), save(state), refresh(state), clear()}.
   * rootPath names the store; folderPath, when it differs, is where an earlier release kept it.
   */
  function openStore(model, rootPath, storage, folderPath) {
    const key = storageKey(model.id, rootPath), isOwn = ownKey(model, rootPath);
    const oldKey = folderPath && folderPath !== rootPath ? storageKey(model.id, folderPath) : null;
    let base = null, name = "";
    const stored = () => readState(model, storage ? parse(storage.getItem(key)) : null, name);
    const store = {
      key: key, available: !!storage, outdated: false,
      load(fallbackName) {
        name = fallbackName;
        if (storage && oldKey) { try { moveStore(model, storage, key, oldKey, name); } catch (error) { /* read as it is */ } }
        const state = stored();
        base = snapshot(state);
        return state;
      },
      /** Write this page's changes since its last read into what storage holds now; true when stored. */
      save(state) {
        if (!storage) return false;
        const mine = snapshot(state), merged = PH.mergeStates(base, mine, snapshot(stored()));
        if (!written(storage, key, merged)) return false;
        base = merged;
        store.outdated = !PH.sameData(merged, mine);
        return true;
      },
      /** Bring a state up to date with storage (after another page saved), keeping its unsaved changes. */
      refresh(state) {
        const theirs = snapshot(stored()), merged = PH.mergeStates(base, snapshot(state), theirs);
        base = theirs;
        store.outdated = false;
        const fresh = readState(model, { schema: PH.SCHEMA, current: merged.current, assessments: merged.assessments }, name);
        if (has(fresh.assessments, state.current)) fresh.current = state.current;
        return fresh;
      },
      clear() {
        base = null;
        if (!storage) return;
        const names = [];
        for (let i = 0; i < storage.length; i++) if (isOwn(storage.key(i))) names.push(storage.key(i));
        if (oldKey) names.push(oldKey);
        names.forEach((entry) => { storage.removeItem(entry); });
      }
    };
    return store;
  }

  Object.assign(PH, { KEY_PREFIX, storageKey, siteBase, rootPath, browserStorage, openStore });
})();
