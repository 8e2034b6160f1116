/* The namespace every source attaches to, the limits and the small helpers all pages share.
   Nothing here touches the page when loaded: el() and readJSON() do when called. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook = globalThis.PartneringHandbook || {};

  const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  // Stores keyed by ids from files, links or storage have no prototype: an id such as "__proto__" or
  // "constructor" is then an ordinary key (a plain {} would swallow it or answer with Object's own).
  const idMap = () => Object.create(null);
  const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
  function clip(text, length) { text = String(text); return text.length > length ? text.slice(0, length) + "…" : text; }
  function shown(value, length) { return clip(typeof value === "string" ? value : JSON.stringify(value), length); }
  function sum(values) { return values.reduce((total, value) => total + value, 0); }

  /** A number written the reader's way, with exactly this many decimals. */
  function number(value, digits, lang) {
    return value.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  function signed(value) { return value > 0 ? "+" + value : value < 0 ? "\u2212" + Math.abs(value) : "0"; }
  // Left to itself, a right-to-left line draws "+2" as "2+": a sign is no letter, so it takes the
  // line's direction. Isolated left to right, the number reads the same in every language.
  /** A signed number as an element that keeps its sign before its digits. */
  function signedElement(value) { return el("span", { dir: "ltr", text: signed(value) }); }

  /** A level as "2 Reactive", or what the answer was instead of a level. */
  function levelText(t, level, status) {
    if (level) return t("level_value", { position: level.position, level: level.name });
    return t(status === "unsure" ? "not_sure" : status === "na" ? "not_relevant" : "not_answered");
  }

  /** Parse the JSON embedded in a <script type="application/json"> element. */
  function readJSON(doc, id) {
    const element = doc.getElementById(id);
    if (!element) return null;
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  /** Wrap framework data (framework.json) with look-ups by id and position. */
  function frameworkModel(data) {
    const levelById = new Map(), functionById = new Map(), levelAt = new Map();
    data.levels.forEach((level) => { levelById.set(level.id, level); levelAt.set(level.position, level); });
    data.functions.forEach((fn) => { functionById.set(fn.id, fn); });
    return {
      data: data, id: data.id, version: data.version, title: data.title,
      levels: data.levels, functions: data.functions, count: data.levels.length,
      level: (id) => typeof id === "string" ? levelById.get(id) : undefined,
      fn: (id) => typeof id === "string" ? functionById.get(id) : undefined,
      levelAt: (position) => levelAt.get(position),
      suggestedTarget: levelById.has(data.suggested_target) ? data.suggested_target : null
    };
  }

  function readFramework(doc) {
    const data = readJSON(doc || document, "framework-data");
    return data ? frameworkModel(data) : null;
  }

  /** Return t(key, values): the string for key with {placeholders} filled in. */
  function translator(strings) {
    return function (key, values) {
      const text = strings && typeof strings[key] === "string" ? strings[key] : key;
      return text.replace(/\{(\w+)\}/g, (match, name) => values && has(values, name) ? String(values[name]) : match);
    };
  }

  function readStrings(doc) { return translator(readJSON(doc || document, "ui-strings") || {}); }

  /** Make an element: attributes ("text" and "className" set those properties) and children (text or nodes). */
  function el(tag, attributes, children) {
    const element = document.createElement(tag);
    Object.keys(attributes || {}).forEach((name) => {
      if (name === "text") element.textContent = attributes[name];
      else if (name === "className") element.className = attributes[name];
      else element.setAttribute(name, attributes[name]);
    });
    (children || []).forEach((child) => { if (child) element.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return element;
  }

  /**
   * Run each step in a task of its own: the browser can paint and take input between them, and no
   * single task grows long enough to block a slow phone (or to count in Lighthouse's blocking time).
   */
  function inTurn(steps) {
    const next = (index) => {
      if (index >= steps.length) return;
      steps[index]();
      setTimeout(() => { next(index + 1); }, 0);
    };
    next(0);
  }

  Object.assign(PH, {
    FORMAT: "partnering-handbook-assessment", SCHEMA: 1, MAX_IMPORT_BYTES: 1024 * 1024,
    MAX_NAME: 200, MAX_NOTE: 10000, MAX_WORDING: 2000, MAX_FILES: 50,
    OTHER_ANSWERS: ["unsure", "na"], SIDES: ["current", "target"],
    has, idMap, isObject, clip, shown, sum, number, signed, signedElement, levelText,
    readJSON, frameworkModel, readFramework, translator, readStrings, el, inTurn
  });
})();
