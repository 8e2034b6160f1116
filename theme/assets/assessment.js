/* Self-assessment: answers, targets, live results, saved assessments, export and import.
   The reusable parts (data, schema, storage, scoring, chart, CSV) are on window.PartneringHandbook
   so other pages (e.g. comparing assessments) can use them; the page itself works without them. */
(function () {
  "use strict";

  var FORMAT = "partnering-handbook-assessment";
  var SCHEMA = 1;
  var KEY_PREFIX = "partnering-handbook:";
  var KEY_VERSION = "v1";
  var MAX_IMPORT_BYTES = 1024 * 1024;
  var MAX_NAME = 200;
  var MAX_NOTE = 10000;
  var MAX_WORDING = 2000;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var OTHER_ANSWERS = ["unsure", "na"];
  var SIDES = ["current", "target"];

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  // Stores keyed by ids from files, links or storage have no prototype: an id such as "__proto__" or
  // "constructor" is then an ordinary key (a plain {} would swallow it or answer with Object's own).
  function idMap() { return Object.create(null); }
  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function clip(text, length) { text = String(text); return text.length > length ? text.slice(0, length) + "…" : text; }
  function shown(value, length) { return clip(typeof value === "string" ? value : JSON.stringify(value), length); }

  // ------------------------------------------------------------------ data and strings

  /** Parse the JSON embedded in a <script type="application/json"> element. */
  function readJSON(doc, id) {
    var element = doc.getElementById(id);
    if (!element) return null;
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  /** Wrap framework data (framework.json) with look-ups by id and position. */
  function frameworkModel(data) {
    var levelById = new Map(), functionById = new Map(), levelAt = new Map();
    data.levels.forEach(function (level) { levelById.set(level.id, level); levelAt.set(level.position, level); });
    data.functions.forEach(function (fn) { functionById.set(fn.id, fn); });
    return {
      data: data, id: data.id, version: data.version, title: data.title,
      levels: data.levels, functions: data.functions, count: data.levels.length,
      level: function (id) { return typeof id === "string" ? levelById.get(id) : undefined; },
      fn: function (id) { return typeof id === "string" ? functionById.get(id) : undefined; },
      levelAt: function (position) { return levelAt.get(position); },
      suggestedTarget: levelById.has(data.suggested_target) ? data.suggested_target : null
    };
  }

  function readFramework(doc) {
    var data = readJSON(doc || document, "framework-data");
    return data ? frameworkModel(data) : null;
  }

  /** Return t(key, values): the string for key with {placeholders} filled in. */
  function translator(strings) {
    return function (key, values) {
      var text = strings && typeof strings[key] === "string" ? strings[key] : key;
      return text.replace(/\{(\w+)\}/g, function (match, name) {
        return values && has(values, name) ? String(values[name]) : match;
      });
    };
  }

  function readStrings(doc) { return translator(readJSON(doc || document, "ui-strings") || {}); }

  // ------------------------------------------------------------------ schema

  function newId() {
    var bytes = new Uint8Array(9);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function emptyAnswer(model) {
    var answer = { current: null, target: null, note: "", wording: {} };
    return setAnswer(model, null, answer, "target", model.suggestedTarget);
  }

  /** Set one side (current/target) of an answer and remember the descriptor it was given for. */
  function setAnswer(model, functionId, answer, side, value) {
    var level = model.level(value), fn = model.fn(functionId);
    answer[side] = value;
    if (level && fn) answer.wording[side] = fn.levels[level.id].descriptor;
    else if (!level) delete answer.wording[side];
    return answer;
  }

  function fillWording(model, assessment) {
    model.functions.forEach(function (fn) {
      var answer = assessment.answers[fn.id];
      SIDES.forEach(function (side) {
        var level = model.level(answer[side]);
        if (level && typeof answer.wording[side] !== "string") answer.wording[side] = fn.levels[level.id].descriptor;
      });
    });
    return assessment;
  }

  /** Return a new, unanswered assessment of the framework. */
  function createAssessment(model, name, now) {
    var stamp = (now || new Date()).toISOString(), answers = idMap();
    model.functions.forEach(function (fn) { answers[fn.id] = emptyAnswer(model); });
    return fillWording(model, {
      format: FORMAT, schema: SCHEMA, framework: { id: model.id, version: model.version },
      id: newId(), name: name, created: stamp, updated: stamp, answers: answers
    });
  }

  function duplicateAssessment(assessment, name, now) {
    var copy = JSON.parse(JSON.stringify(assessment)), stamp = (now || new Date()).toISOString();
    copy.id = newId(); copy.name = name; copy.created = stamp; copy.updated = stamp;
    return copy;
  }

  function cleanDate(value, fallback) {
    return typeof value === "string" && value.length < 40 && !isNaN(Date.parse(value)) ? value : fallback;
  }

  function cleanAnswer(model, fn, given, say) {
    var answer = { current: null, target: null, note: "", wording: {} };
    var wording = isObject(given.wording) ? given.wording : {};
    SIDES.forEach(function (side) {
      var value = given[side];
      var known = model.level(value) || (side === "current" && OTHER_ANSWERS.indexOf(value) >= 0);
      if (value === null || value === undefined) return;
      if (!known) { say("import_unknown_level", { id: shown(value, 80), function: fn.name }); return; }
      answer[side] = value;
      if (model.level(value) && typeof wording[side] === "string") answer.wording[side] = clip(wording[side], MAX_WORDING);
    });
    if (typeof given.note === "string") {
      if (given.note.length > MAX_NOTE) say("import_note_clipped", { function: fn.name, max: MAX_NOTE });
      answer.note = given.note.slice(0, MAX_NOTE);
    }
    return answer;
  }

  /**
   * Check an assessment read from a file or from storage against the framework.
   * Return {assessment, problems} or {error}; problems and error are {key, values} for translator().
   * Nothing from the input is trusted: unknown ids are reported and dropped, text is clipped.
   */
  function validateAssessment(model, raw, fallbackName, now) {
    var problems = [], stamp = (now || new Date()).toISOString();
    function say(key, values) { problems.push({ key: key, values: values || {} }); }
    if (!isObject(raw) || raw.format !== FORMAT) return { error: { key: "import_not_assessment", values: {} } };
    if (raw.schema !== SCHEMA) return { error: { key: "import_schema", values: { schema: shown(raw.schema, 20) } } };
    var framework = isObject(raw.framework) ? raw.framework : {};
    if (framework.id !== model.id) {
      return { error: { key: "import_other_framework", values: { id: shown(framework.id, 80), expected: model.title } } };
    }
    if (framework.version !== model.version) {
      say("import_other_version", { version: shown(framework.version, 40), expected: model.version });
    }
    var name = typeof raw.name === "string" ? raw.name.trim().slice(0, MAX_NAME) : "";
    if (!name) { say("import_no_name", { name: fallbackName }); name = fallbackName; }
    var given = isObject(raw.answers) ? raw.answers : {};
    if (!isObject(raw.answers)) say("import_no_answers");
    Object.keys(given).forEach(function (id) { if (!model.fn(id)) say("import_unknown_function", { id: clip(id, 80) }); });
    var answers = idMap();
    model.functions.forEach(function (fn) {
      answers[fn.id] = has(given, fn.id) && isObject(given[fn.id]) ? cleanAnswer(model, fn, given[fn.id], say) : emptyAnswer(model);
    });
    var id = typeof raw.id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(raw.id) ? raw.id : newId();
    var created = cleanDate(raw.created, stamp);
    var assessment = {
      format: FORMAT, schema: SCHEMA, framework: { id: model.id, version: model.version }, id: id, name: name,
      created: created, updated: cleanDate(raw.updated, created), answers: answers
    };
    var upgrade = upgradeRecord(model, raw, given, framework.version);
    if (upgrade) assessment.upgrade = upgrade;
    return { assessment: fillWording(model, assessment), problems: problems };
  }

  // ------------------------------------------------------------------ framework upgrades

  function text(value, length) { return typeof value === "string" ? clip(value, length) : null; }
  function records(list, limit) { return Array.isArray(list) ? list.filter(isObject).slice(0, limit) : []; }

  /** Check an upgrade record kept with an assessment (it comes from storage or a file: trust nothing). */
  function cleanUpgrade(model, value) {
    if (!isObject(value)) return null;
    var record = {
      from: text(value.from, 40) || "?",
      removed: records(value.removed, 200).map(function (entry) {
        return { "function": text(entry["function"], 80) || "?", current: text(entry.current, 80), target: text(entry.target, 80),
                 note: typeof entry.note === "string" ? entry.note.slice(0, MAX_NOTE) : "" };
      }),
      levels: records(value.levels, 200).filter(function (entry) { return model.fn(entry["function"]) && SIDES.indexOf(entry.side) >= 0; })
        .map(function (entry) { return { "function": entry["function"], side: entry.side, level: text(entry.level, 80) || "?" }; }),
      added: Array.isArray(value.added) ? value.added.filter(function (id) { return model.fn(id); }).slice(0, 500) : []
    };
    return record.removed.length + record.levels.length + record.added.length ? record : null;
  }

  /**
   * Record what a framework upgrade changed for an assessment made under another version: answers for
   * functions or levels that are gone (kept here with their notes, so nothing vanishes unseen) and
   * functions that are new. Merged with a record the assessment already carries.
   */
  function upgradeRecord(model, raw, given, version) {
    var previous = cleanUpgrade(model, raw.upgrade);
    if (version === model.version) return previous;
    var record = previous || { from: shown(version, 40), removed: [], levels: [], added: [] };
    Object.keys(given).forEach(function (id) {
      var answer = given[id];
      if (model.fn(id) || !isObject(answer) || record.removed.length >= 200) return;
      record.removed.push({ "function": clip(id, 80), current: text(answer.current, 80), target: text(answer.target, 80),
                            note: typeof answer.note === "string" ? answer.note.slice(0, MAX_NOTE) : "" });
    });
    model.functions.forEach(function (fn) {
      var answer = has(given, fn.id) ? given[fn.id] : null;
      if (!isObject(answer)) { if (record.added.indexOf(fn.id) < 0) record.added.push(fn.id); return; }
      SIDES.forEach(function (side) {
        var value = answer[side];
        if (typeof value === "string" && !model.level(value) && !(side === "current" && OTHER_ANSWERS.indexOf(value) >= 0)) {
          record.levels.push({ "function": fn.id, side: side, level: clip(value, 80) });
        }
      });
    });
    return cleanUpgrade(model, record);
  }

  /**
   * Return what changed in the framework since an assessment was made, or null: {from, removed, levels,
   * added, reworded}. Reworded descriptors are found by comparing the wording stored with each answer
   * with the descriptor today ("" stands for an earlier wording that is not known, e.g. from a link).
   */
  function upgradeReport(model, assessment) {
    var record = assessment.upgrade || null, reworded = [], seen = idMap();
    model.functions.forEach(function (fn) {
      var answer = assessment.answers[fn.id];
      if (!answer || !isObject(answer.wording)) return;
      SIDES.forEach(function (side) {
        var level = model.level(answer[side]), old = answer.wording[side];
        if (!level || typeof old !== "string" || old === fn.levels[level.id].descriptor) return;
        var key = fn.id + " " + level.id;
        if (has(seen, key)) { seen[key].sides.push(side); return; }
        seen[key] = { fn: fn, level: level, sides: [side], old: old, now: fn.levels[level.id].descriptor };
        reworded.push(seen[key]);
      });
    });
    if (!record && !reworded.length) return null;
    return { from: record ? record.from : null, removed: record ? record.removed : [], levels: record ? record.levels : [],
             added: record ? record.added : [], reworded: reworded };
  }

  /** The reader has seen the changes: forget the record and take today's wording as the one answered. */
  function acknowledgeUpgrade(model, assessment) {
    delete assessment.upgrade;
    model.functions.forEach(function (fn) {
      var answer = assessment.answers[fn.id];
      SIDES.forEach(function (side) { if (model.level(answer[side])) setAnswer(model, fn.id, answer, side, answer[side]); });
    });
    return assessment;
  }

  /** Show an upgrade report as a notice: a <div> with a heading and lists, or null when nothing changed. */
  function upgradeNotice(model, assessment, t) {
    var report = upgradeReport(model, assessment);
    if (!report) return null;
    function answerText(value) {
      var level = model.level(value);
      return level ? level.name : value === "unsure" ? t("not_sure") : value === "na" ? t("not_relevant") : value === null ? t("none") : value;
    }
    function fnName(id) { var fn = model.fn(id); return fn ? fn.name : id; }
    var box = el("div", { className: "upgrade-notice" }, [el("h3", { text: t("upgrade_heading", { name: assessment.name }) })]);
    if (report.from !== null) box.appendChild(el("p", { text: t("upgrade_from", { from: report.from, to: model.version }) }));
    function part(key, items) {
      if (!items.length) return;
      box.appendChild(el("p", { className: "upgrade-lead", text: t(key) }));
      box.appendChild(el("ul", { className: key.replace(/_/g, "-") }, items.map(function (item) { return el("li", {}, item); })));
    }
    part("upgrade_removed_heading", report.removed.map(function (entry) {
      return [t("upgrade_removed_function", { "function": entry["function"], current: answerText(entry.current), target: answerText(entry.target) }),
              entry.note ? el("span", { className: "upgrade-note", text: " " + t("note_value", { note: entry.note }) }) : null];
    }).concat(report.levels.map(function (entry) {
      return [t("upgrade_removed_level", { "function": fnName(entry["function"]), level: entry.level, side: t("side_" + entry.side) })];
    })));
    part("upgrade_added_heading", report.added.map(function (id) {
      var answer = assessment.answers[id] || {};
      return [t(answer.current ? "upgrade_added" : "upgrade_added_open", { "function": fnName(id) })];
    }));
    part("upgrade_reworded_heading", report.reworded.map(function (entry) {
      var values = { "function": entry.fn.name, level: entry.level.name, old: entry.old, now: entry.now,
                     sides: entry.sides.map(function (side) { return t("side_" + side); }).join(", ") };
      return [t(entry.old ? "upgrade_reworded" : "upgrade_reworded_unknown", values)];
    }));
    return box;
  }

  /** Parse the text of an exported file: {assessment, problems} or {error}. */
  function parseAssessment(model, text, fallbackName) {
    if (text.length > MAX_IMPORT_BYTES) return { error: { key: "import_too_big", values: { max: "1 MB" } } };
    var raw;
    try { raw = JSON.parse(text.replace(/^\uFEFF/, "")); } catch (error) { return { error: { key: "import_not_json", values: {} } }; }
    return validateAssessment(model, raw, fallbackName);
  }

  function exportJSON(assessment) { return JSON.stringify(assessment, null, 2) + "\n"; }

  // ------------------------------------------------------------------ share links

  var SHARE_KEY = "a=";
  var MAX_LINK = 64 * 1024;

  function toBase64url(string) {
    var bytes = new TextEncoder().encode(string), binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(code) {
    var binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, function (c) { return c.charCodeAt(0); }));
  }

  /** A short hash (FNV-1a, base 36) of a descriptor: enough to notice that its wording changed. */
  function wordingHash(string) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < string.length; i++) hash = Math.imul(hash ^ string.charCodeAt(i), 16777619);
    return ((hash >>> 0) % 1679616).toString(36);
  }

  /**
   * Return the fragment ("a=...") of a share link: base64url of a compact JSON
   * {f: framework id, v: version, n: name, u: updated, l: [level ids], a: {function id: [current, target, hashes, note?]}}
   * where current and target are indexes into l, "u" (not sure), "n" (not relevant) or null, and
   * hashes are the wording hashes of both answers joined by ".". Notes only when asked for (o: 1).
   */
  function encodeShare(model, assessment, withNotes) {
    var levels = model.levels.map(function (level) { return level.id; }), answers = idMap();
    model.functions.forEach(function (fn) {
      var answer = assessment.answers[fn.id];
      if (!answer) return;
      var entry = SIDES.map(function (side) {
        var index = levels.indexOf(answer[side]);
        return index >= 0 ? index : answer[side] === "unsure" ? "u" : answer[side] === "na" ? "n" : null;
      });
      entry.push(SIDES.map(function (side) {
        return model.level(answer[side]) && typeof answer.wording[side] === "string" ? wordingHash(answer.wording[side]) : "";
      }).join("."));
      if (withNotes && answer.note) entry.push(answer.note);
      answers[fn.id] = entry;
    });
    var compact = { f: model.id, v: model.version, n: assessment.name, u: assessment.updated, l: levels, a: answers };
    if (withNotes) compact.o = 1;
    return SHARE_KEY + toBase64url(JSON.stringify(compact));
  }

  function linkAnswer(model, id, entry, levels) {
    var answer = { note: typeof entry[3] === "string" ? entry[3] : "", wording: {} }, fn = model.fn(id);
    var hashes = typeof entry[2] === "string" ? entry[2].split(".") : [];
    SIDES.forEach(function (side, i) {
      var value = entry[i];
      if (typeof value === "number") value = typeof levels[value] === "string" ? levels[value] : String(value);
      answer[side] = value === "u" ? "unsure" : value === "n" ? "na" : value === undefined ? null : value;
      var level = model.level(answer[side]);
      if (fn && level && hashes[i]) {
        var descriptor = fn.levels[level.id].descriptor;
        answer.wording[side] = wordingHash(descriptor) === hashes[i] ? descriptor : "";
      }
    });
    return answer;
  }

  /**
   * Read the fragment of a share link. Return null when it holds no assessment, else what
   * validateAssessment returns plus {notes: whether notes are included, version: the link's}.
   */
  function decodeShare(model, fragment, fallbackName) {
    var code = String(fragment || "").replace(/^#/, "");
    if (code.indexOf(SHARE_KEY) !== 0) return null;
    if (code.length > MAX_LINK) return { error: { key: "share_too_long", values: {} } };
    var compact;
    try { compact = JSON.parse(fromBase64url(code.slice(SHARE_KEY.length))); } catch (error) { compact = null; }
    if (!isObject(compact) || !Array.isArray(compact.l) || !isObject(compact.a)) return { error: { key: "share_unreadable", values: {} } };
    if (compact.f !== model.id) {
      return { error: { key: "share_other_framework", values: { id: shown(compact.f, 80), expected: model.title } } };
    }
    var answers = Object.create(null);
    Object.keys(compact.a).forEach(function (id) {
      if (Array.isArray(compact.a[id])) answers[id] = linkAnswer(model, id, compact.a[id], compact.l);
    });
    var raw = { format: FORMAT, schema: SCHEMA, framework: { id: compact.f, version: compact.v }, name: compact.n,
                created: compact.u, updated: compact.u, answers: answers };
    var result = validateAssessment(model, raw, fallbackName);
    result.notes = compact.o === 1;
    result.version = shown(compact.v, 40);
    return result;
  }

  // ------------------------------------------------------------------ storage

  function storageKey(frameworkId, basePath) { return KEY_PREFIX + KEY_VERSION + ":" + frameworkId + ":" + basePath; }

  /** Return the folder of the site's root from the page's own address (the assessment page sits at the root). */
  function siteBase(location, fallback) {
    var path = location.pathname || "";
    var folder = path.slice(0, path.lastIndexOf("/") + 1);
    return folder || fallback || "/";
  }

  function browserStorage() {
    try { var storage = window.localStorage; storage.getItem(KEY_PREFIX); return storage; } catch (error) { return null; }
  }

  /** The assessment as stored: ids of functions that no longer exist are shown, never stored. */
  function storedForm(assessment) {
    if (!assessment.upgrade || !assessment.upgrade.removed.length) return assessment;
    var copy = Object.assign({}, assessment), upgrade = Object.assign({}, assessment.upgrade, { removed: [] });
    if (upgrade.levels.length || upgrade.added.length) copy.upgrade = upgrade; else delete copy.upgrade;
    return copy;
  }

  /** Open this handbook's saved assessments: {key, load(), save(state), clear()}. */
  function openStore(model, basePath, storage) {
    var key = storageKey(model.id, basePath), own = ":" + model.id + ":" + basePath;
    function isOwn(name) {
      if (!name || name.indexOf(KEY_PREFIX) !== 0) return false;
      var rest = name.slice(KEY_PREFIX.length), colon = rest.indexOf(":");
      var tail = colon < 0 ? "" : rest.slice(colon);
      return tail === own || tail.indexOf(own + ":") === 0;
    }
    return {
      key: key,
      available: !!storage,
      load: function (fallbackName) {
        var state = { current: null, assessments: idMap() }, raw = null;
        try { raw = storage && JSON.parse(storage.getItem(key) || "null"); } catch (error) { raw = null; }
        if (!isObject(raw) || raw.schema !== SCHEMA || !isObject(raw.assessments)) return state;
        state.retired = idMap();
        Object.keys(raw.assessments).forEach(function (id) {
          var checked = validateAssessment(model, raw.assessments[id], fallbackName), assessment = checked.assessment;
          if (!assessment) return;
          state.assessments[assessment.id] = assessment;
          // Answers for functions the framework no longer has stay stored as they were until the reader
          // works on that assessment (with the notice that lists them on screen); see retire().
          if (assessment.upgrade && assessment.upgrade.removed.length) state.retired[assessment.id] = raw.assessments[id];
        });
        state.current = has(state.assessments, raw.current) ? raw.current : Object.keys(state.assessments)[0] || null;
        return state;
      },
      save: function (state) {
        if (!storage) return false;
        try {
          var retired = state.retired || idMap(), assessments = idMap();
          Object.keys(state.assessments).forEach(function (id) {
            assessments[id] = has(retired, id) ? retired[id] : storedForm(state.assessments[id]);
          });
          storage.setItem(key, JSON.stringify({ schema: SCHEMA, current: state.current, assessments: assessments }));
          return true;
        } catch (error) { return false; }
      },
      clear: function () {
        if (!storage) return;
        var names = [];
        for (var i = 0; i < storage.length; i++) if (isOwn(storage.key(i))) names.push(storage.key(i));
        names.forEach(function (name) { storage.removeItem(name); });
      }
    };
  }

  // ------------------------------------------------------------------ scoring

  function sum(values) { return values.reduce(function (total, v) { return total + v; }, 0); }

  /**
   * Compute every figure of an assessment. A function's level is its position (1..N); "unsure" and
   * "na" are left out of every figure; gap = target - current.
   */
  function score(model, assessment) {
    var rows = model.functions.map(function (fn, index) {
      var answer = assessment.answers[fn.id] || {};
      var current = model.level(answer.current) || null, target = model.level(answer.target) || null;
      var status = current ? "level" : OTHER_ANSWERS.indexOf(answer.current) >= 0 ? answer.current : "open";
      return { index: index, fn: fn, answer: answer, status: status, current: current, target: target,
               gap: current && target ? target.position - current.position : null };
    });
    var scored = rows.filter(function (row) { return row.current; });
    var positions = scored.map(function (row) { return row.current.position; });
    var mean = positions.length ? sum(positions) / positions.length : null;
    var rounded = mean === null ? null : Math.round(mean * 10) / 10;
    var gaps = rows.filter(function (row) { return row.gap !== null; });
    function count(status) { return rows.filter(function (row) { return row.status === status; }).length; }
    return {
      rows: rows, total: rows.length, levels: model.count,
      answered: rows.length - count("open"), scored: scored.length,
      unsure: count("unsure"), na: count("na"), open: count("open"), complete: count("open") === 0,
      positions: positions, mean: mean, rounded: rounded,
      lower: rounded === null ? null : model.levelAt(Math.floor(rounded)),
      upper: rounded === null ? null : model.levelAt(Math.ceil(rounded)),
      gaps: gaps.map(function (row) { return row.gap; }),
      meanGap: gaps.length ? sum(gaps.map(function (row) { return row.gap; })) / gaps.length : null,
      profile: model.levels.map(function (level) {
        return { level: level, rows: scored.filter(function (row) { return row.current.id === level.id; }) };
      }),
      nextSteps: nextSteps(model, rows)
    };
  }

  /** Every function below its target, largest gap first: the next level and the actions to reach it. */
  function nextSteps(model, rows) {
    return rows.filter(function (row) { return row.gap > 0; })
      .sort(function (a, b) { return b.gap - a.gap || a.index - b.index; })
      .map(function (row) {
        var next = model.levelAt(row.current.position + 1);
        return { row: row, next: next, description: row.fn.levels[next.id].description,
                 actions: row.fn.levels[row.current.id].actions, url: row.fn.url + "#" + next.id };
      });
  }

  // ------------------------------------------------------------------ CSV

  /** Quote a CSV cell; text that a spreadsheet would run as a formula gets a leading apostrophe. */
  function csvCell(value) {
    if (typeof value === "number") return String(value);
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",;\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function toCSV(rows) {
    return "\uFEFF" + rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  function assessmentCSV(model, assessment, t) {
    var header = ["csv_function_id", "csv_function", "csv_current_id", "csv_current", "csv_current_position",
      "csv_target_id", "csv_target", "csv_target_position", "csv_gap", "csv_note"].map(function (key) { return t(key); });
    var rows = score(model, assessment).rows.map(function (row) {
      var other = row.status === "unsure" ? t("not_sure") : row.status === "na" ? t("not_relevant") : "";
      return [row.fn.id, row.fn.name, row.answer.current || "", row.current ? row.current.name : other,
        row.current ? row.current.position : "", row.target ? row.target.id : "", row.target ? row.target.name : "",
        row.target ? row.target.position : "", row.gap === null ? "" : row.gap, row.answer.note || ""];
    });
    return toCSV([header].concat(rows));
  }

  // ------------------------------------------------------------------ chart

  function svg(tag, attributes, parent) {
    var element = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    if (parent) parent.appendChild(element);
    return element;
  }

  // Drawn at its box's real width (one unit is one CSS pixel), so its text keeps the size the style
  // sheet gives it on any screen; 680 until the chart is on the page and its width is known.
  var DRAWN_WIDTH = 680, LINE = 17, EDGE = 4, LABEL_GAP = 14, MIN_RING = 28;

  /** The width a text takes on screen; an estimate while the chart is not yet on the page. */
  function textWidth(probe, text) {
    probe.textContent = text;
    return probe.getComputedTextLength() || String(text).length * 8;
  }

  /** Break a name into lines no wider than width; null when one of its words alone is wider. */
  function wrapWords(probe, text, width) {
    var lines = [], line = "", fits = true;
    String(text).split(/\s+/).forEach(function (word) {
      var longer = line ? line + " " + word : word;
      if (textWidth(probe, word) > width) fits = false;
      if (line && textWidth(probe, longer) > width) { lines.push(line); line = word; } else line = longer;
    });
    if (line) lines.push(line);
    return fits ? lines : null;
  }

  function label(parent, x, y, lines, anchor, className) {
    var node = svg("text", { x: x, y: y, "text-anchor": anchor, "class": className || "chart-label" }, parent);
    lines.forEach(function (line, i) { svg("tspan", { x: x, dy: i ? LINE : 0 }, node).textContent = line; });
    return node;
  }

  /**
   * Draw a chart of levels per axis: radar for three axes or more, bars below that.
   * chart = {title, axes: [name], max: N, scale: [level name], series: [{name, className, values: [position|null]}],
   *          axisKey: element shown when the chart is too narrow for the names and numbers its axes instead}
   */
  function drawChart(chart) {
    var root = svg("svg", { role: "img", "class": "chart", focusable: "false" });
    function redraw(width) {
      root.replaceChildren();
      svg("title", {}, root).textContent = chart.title;
      var numbered = (chart.axes.length >= 3 ? drawRadar : drawBars)(chart, root, width);
      if (chart.axisKey) chart.axisKey.hidden = !numbered;
      root.drawnWidth = width;
    }
    redraw(DRAWN_WIDTH);
    fitToBox(root, redraw);
    return root;
  }

  /** Redraw the chart whenever its box's width changes. */
  function fitToBox(root, redraw) {
    if (typeof ResizeObserver === "undefined") return;
    var observer = new ResizeObserver(function () {
      // Taken off the page (the results were drawn anew): observed no more.
      if (!root.isConnected) { if (root.fitted) observer.disconnect(); return; }
      var width = Math.floor(root.getBoundingClientRect().width);
      // Drawn once more even at the same width: off the page, the names could not be measured.
      if (!width || (root.fitted && width === root.drawnWidth)) return;
      root.fitted = true;
      // Drawn at once, after layout and before the paint, so the chart's new height never moves
      // what follows it on screen (a redraw takes a few milliseconds).
      redraw(width);
    });
    observer.observe(root);
  }

  /** Set the view to the drawing's height (its width is the box's), with a margin so no text is cut. */
  function fitView(root, width, top, height) {
    var box = root.isConnected ? root.getBBox() : null;
    if (box && box.height) { top = box.y; height = box.height; }
    root.setAttribute("viewBox", [0, top - EDGE, width, height + 2 * EDGE].join(" "));
  }

  /** True when two of the chart's texts touch, or one leaves the chart's width (names too long to fit). */
  function textsCollide(root, width) {
    if (!root.isConnected) return false;
    var boxes = Array.prototype.map.call(root.querySelectorAll("text"), function (node) { return node.getBBox(); });
    return boxes.some(function (a, i) {
      if (a.x < EDGE - 0.5 || a.x + a.width > width - EDGE + 0.5) return true;
      return boxes.slice(i + 1).some(function (b) {
        return a.x < b.x + b.width + 2 && b.x < a.x + a.width + 2 && a.y < b.y + b.height + 2 && b.y < a.y + a.height + 2;
      });
    });
  }

  /** Draw a radar with the axes' names, or, where they do not fit, their numbers; return whether numbered. */
  function drawRadar(chart, root, width) {
    var probe = svg("text", { "class": "chart-label" }, root);
    var labelWidth = Math.min(150, Math.round(width * 0.22)), radius = Math.min(180, width / 2 - labelWidth - LABEL_GAP - EDGE);
    var names = chart.axes.map(function (name) { return wrapWords(probe, name, labelWidth); });
    var numberWidth = textWidth(probe, String(chart.axes.length));
    root.removeChild(probe);
    if (radius >= MIN_RING * chart.max && names.every(Boolean)) {
      drawRadarWith(chart, root, width, radius, names);
      if (!textsCollide(root, width)) return false;
      root.replaceChildren(root.firstChild);
    }
    var numbers = chart.axes.map(function (_, i) { return [String(i + 1)]; });
    drawRadarWith(chart, root, width, Math.min(180, width / 2 - numberWidth - LABEL_GAP - EDGE), numbers);
    return true;
  }

  function drawRadarWith(chart, root, width, radius, labels) {
    var cx = width / 2, cy = 0, n = chart.axes.length;
    function point(i, distance) {
      var angle = -Math.PI / 2 + 2 * Math.PI * i / n;
      return [cx + distance * Math.cos(angle), cy + distance * Math.sin(angle)];
    }
    function at(i, value) { return point(i, radius * value / chart.max); }
    function ring(value) { return chart.axes.map(function (_, i) { return at(i, value).join(","); }).join(" "); }
    var grid = svg("g", { "class": "chart-grid" }, root);
    for (var level = 1; level <= chart.max; level++) svg("polygon", { points: ring(level) }, grid);
    labels.forEach(function (lines, i) {
      var end = at(i, chart.max);
      svg("line", { x1: cx, y1: cy, x2: end[0], y2: end[1] }, grid);
      radarLabel(root, point(i, radius + LABEL_GAP), -Math.PI / 2 + 2 * Math.PI * i / n, lines);
    });
    chart.series.forEach(function (series) { drawSeries(root, series, at, n); });
    // Only the level's number sits on the scale, just above its ring and right of the top axis, clear of
    // that axis's markers and of the ring's edges; names of any length go in the key beside the chart.
    // Drawn last, with a halo (CSS), so a series line passing by never hides a number.
    chart.scale.forEach(function (name, i) {
      svg("text", { x: cx + 9, y: cy - radius * (i + 1) / chart.max - 6, "class": "chart-scale" }, root).textContent = String(i + 1);
    });
    var reach = radius + LABEL_GAP + 4 * LINE;
    fitView(root, width, cy - reach, 2 * reach);
  }

  /** An axis's label beyond its end: above the chart's upper half, below its lower half, centred beside it. */
  function radarLabel(root, at, angle, lines) {
    var cos = Math.cos(angle), sin = Math.sin(angle);
    var anchor = cos > 0.25 ? "start" : cos < -0.25 ? "end" : "middle";
    // A name over the top axis stands higher, clear of the top ring's number beside that axis.
    var above = at[1] - (lines.length - 1) * LINE - (anchor === "middle" ? 10 : 0);
    var y = sin < -0.25 ? above : sin > 0.25 ? at[1] + 12 : at[1] + 5 - (lines.length - 1) * LINE / 2;
    label(root, at[0], y, lines, anchor);
  }

  function drawSeries(root, series, at, n) {
    var group = svg("g", { "class": "series " + series.className }, root), complete = series.values.every(Boolean);
    if (complete) svg("polygon", { points: series.values.map(function (v, i) { return at(i, v).join(","); }).join(" ") }, group);
    series.values.forEach(function (value, i) {
      var next = series.values[(i + 1) % n];
      if (!complete && value && next) {
        var a = at(i, value), b = at((i + 1) % n, next);
        svg("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, group);
      }
    });
    series.values.forEach(function (value, i) { if (value) marker(group, at(i, value), series.marker); });
  }

  /** The key to a chart's scale: each level's number and name, as text that wraps on any screen. */
  function scaleKey(names, t) {
    var levels = names.map(function (name, i) {
      return el("span", { className: "chart-scale-level", text: t("level_value", { position: i + 1, level: name }) });
    });
    return el("p", { className: "chart-scale-key" }, [el("span", { className: "chart-scale-key-label", text: t("chart_scale_key") })].concat(levels));
  }

  /** The key to a chart's axes, shown only while the chart numbers them (hidden until then). */
  function axisKey(names, t) {
    var axes = names.map(function (name, i) {
      return el("span", { className: "chart-scale-level", text: t("chart_axis_value", { position: i + 1, name: name }) });
    });
    var key = el("p", { className: "chart-scale-key chart-axis-key" }, [el("span", { className: "chart-scale-key-label", text: t("chart_axis_key") })].concat(axes));
    key.hidden = true;
    return key;
  }

  function marker(parent, at, shape) {
    if (shape === "square") svg("rect", { x: at[0] - 5, y: at[1] - 5, width: 10, height: 10, "class": "marker" }, parent);
    else svg("circle", { cx: at[0], cy: at[1], r: 5.5, "class": "marker" }, parent);
  }

  /** Draw one row of bars per axis, its name wrapped beside it (numbered if a word is too long); return whether numbered. */
  function drawBars(chart, root, width) {
    var probe = svg("text", { "class": "chart-label" }, root);
    var left = Math.min(190, Math.round(width * 0.4)), barWidth = width - left - 20, bars = 30 * chart.series.length + 26;
    var names = chart.axes.map(function (name) { return wrapWords(probe, name, left - 10 - EDGE); });
    var numbered = !names.every(Boolean);
    root.removeChild(probe);
    if (numbered) names = chart.axes.map(function (_, i) { return [String(i + 1)]; });
    var tops = [], height = 8;
    names.forEach(function (lines) { tops.push(height); height += Math.max(bars, lines.length * LINE + 12); });
    height += 30;
    var grid = svg("g", { "class": "chart-grid" }, root);
    for (var level = 1; level <= chart.max; level++) {
      var x = left + barWidth * level / chart.max;
      svg("line", { x1: x, y1: 0, x2: x, y2: height - 26 }, grid);
      svg("text", { x: x - 4, y: height - 8, "text-anchor": "end", "class": "chart-scale" }, root).textContent = String(level);
    }
    names.forEach(function (lines, i) {
      label(root, left - 10, tops[i] + 18, lines, "end");
      chart.series.forEach(function (series, s) {
        var value = series.values[i];
        if (value) svg("rect", { x: left, y: tops[i] + s * 30, width: barWidth * value / chart.max, height: 22, "class": "bar" }, svg("g", { "class": "series " + series.className }, root));
      });
    });
    root.setAttribute("viewBox", "0 0 " + width + " " + height);
    return numbered;
  }

  // ------------------------------------------------------------------ files

  function download(documentRef, text, filename, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = documentRef.createElement("a");
    link.href = url; link.download = filename; link.hidden = true;
    documentRef.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function fileName(name, extension) {
    var slug = String(name).normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    return (slug || "assessment") + "." + extension;
  }

  // ------------------------------------------------------------------ the page

  function el(tag, attributes, children) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") element.textContent = attributes[name];
      else if (name === "className") element.className = attributes[name];
      else element.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { if (child) element.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return element;
  }

  function AssessmentPage(app, model, t) {
    this.app = app; this.model = model; this.t = t;
    this.form = app.querySelector("#worksheet");
    this.lang = document.documentElement.lang || undefined;
    this.store = openStore(model, siteBase(window.location, app.getAttribute("data-storage-base")), browserStorage());
    this.state = this.store.load(t("first_name"));
    if (!this.state.current) this.startFresh();
  }

  AssessmentPage.prototype = {
    assessment: function () { return this.state.assessments[this.state.current]; },

    startFresh: function () {
      var first = createAssessment(this.model, this.t("first_name"));
      this.state = { current: first.id, assessments: idMap() };
      this.state.assessments[first.id] = first;
    },

    number: function (value, digits) {
      return value.toLocaleString(this.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    },

    signed: function (gap) { return gap > 0 ? "+" + gap : gap < 0 ? "\u2212" + Math.abs(gap) : "0"; },

    start: function () {
      var self = this;
      document.documentElement.classList.add("assessment-ready");
      this.buildToolbar();
      this.buildProgress();
      this.results = el("section", { id: "results", className: "results", "aria-labelledby": "results-heading" });
      this.app.appendChild(this.results);
      this.live = el("div", { className: "visually-hidden", role: "status", "aria-live": "polite" });
      this.app.appendChild(this.live);
      this.buildDialog();
      this.form.addEventListener("change", function (event) { self.onChange(event.target); });
      this.form.addEventListener("input", function (event) { if (event.target.tagName === "TEXTAREA") self.onChange(event.target); });
      this.form.addEventListener("submit", function (event) { event.preventDefault(); });
      this.show(true);
      this.checkLink();
      window.addEventListener("hashchange", function () { self.checkLink(); });
    },

    // --- assessment list and actions

    buildToolbar: function () {
      var t = this.t, self = this;
      this.select = el("select", { id: "assessment-select" });
      this.select.addEventListener("change", function () { self.state.current = self.select.value; self.save(); self.show(); });
      this.fileInput = el("input", { type: "file", id: "import-file", accept: ".json,application/json", className: "visually-hidden", tabindex: "-1", "aria-hidden": "true" });
      this.fileInput.addEventListener("change", function () { self.importFile(self.fileInput.files[0]); self.fileInput.value = ""; });
      function button(key, action, className) {
        var b = el("button", { type: "button", text: t(key), className: className || "" });
        b.addEventListener("click", function () { action.call(self); });
        return b;
      }
      this.savedNote = el("p", { className: "saved-note" });
      this.saveAlert = el("div", { className: "save-failed", role: "alert" });
      this.messages = el("div", { className: "messages", role: "status", "aria-live": "polite" });
      var toolbar = el("section", { className: "toolbar", "aria-labelledby": "toolbar-heading" }, [
        el("h2", { id: "toolbar-heading", text: t("assessments_heading") }),
        el("div", { className: "toolbar-row" }, [
          el("label", { "for": "assessment-select", text: t("assessment_label") }), this.select,
          button("new", this.onNew), button("rename", this.onRename), button("duplicate", this.onDuplicate),
          button("delete", this.onDelete)
        ]),
        el("div", { className: "toolbar-row" }, [
          button("export_json", this.onExportJSON), button("export_csv", this.onExportCSV),
          button("import_json", function () { this.fileInput.click(); }), this.fileInput,
          button("print", function () { window.print(); }), button("delete_all", this.onDeleteAll, "danger")
        ]),
        this.shareRow(button),
        this.savedNote, this.saveAlert, this.messages
      ]);
      this.app.insertBefore(toolbar, this.form);
      this.offerBox = el("div", { className: "share-offer-area" });
      this.noticeBox = el("div", { className: "upgrade-area" });
      this.app.insertBefore(this.offerBox, this.form);
      this.app.insertBefore(this.noticeBox, this.form);
    },

    // --- share links

    shareRow: function (button) {
      var t = this.t;
      this.shareNotes = el("input", { type: "checkbox", id: "share-notes" });
      this.shareLink = el("input", { type: "text", id: "share-link", readonly: "", className: "share-link" });
      this.shareLink.addEventListener("focus", function () { this.select(); });
      this.shareOutput = el("p", { className: "share-output", hidden: "" }, [el("label", { "for": "share-link", text: t("share_link_label") }), this.shareLink]);
      return el("div", { className: "toolbar-row share-row" }, [button("share_copy", this.onShare),
        el("span", { className: "check" }, [this.shareNotes, el("label", { "for": "share-notes", text: t("share_include_notes") })]),
        this.shareOutput]);
    },

    onShare: function () {
      var self = this, withNotes = this.shareNotes.checked, t = this.t;
      var link = window.location.href.split("#")[0] + "#" + encodeShare(this.model, this.assessment(), withNotes);
      this.shareLink.value = link;
      this.shareOutput.hidden = false;
      var privacy = t(withNotes ? "share_with_notes" : "share_without_notes");
      function done(copied) { self.say(t(copied ? "share_copied" : "share_copy_yourself", { length: link.length }) + " " + privacy); }
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(link).then(function () { done(true); }, function () { done(false); });
      else done(false);
    },

    /** Offer to import the assessment a share link carries; take the fragment out of the address bar. */
    checkLink: function () {
      var fragment = window.location.hash;
      if (fragment.indexOf("#" + SHARE_KEY) !== 0) return;
      try { history.replaceState(null, "", window.location.pathname + window.location.search); } catch (error) { /* file:// in some browsers */ }
      this.offer(decodeShare(this.model, fragment, this.t("imported_name")));
    },

    offer: function (result) {
      var t = this.t, self = this, heading = el("h2", { id: "offer-heading", tabindex: "-1", text: t("share_offer_heading") });
      var box = el("section", { className: "share-offer", "aria-labelledby": "offer-heading" }, [heading]);
      function close() { self.offerBox.replaceChildren(); }
      function button(key, action, className) {
        var b = el("button", { type: "button", text: t(key), className: className || "" });
        b.addEventListener("click", action);
        return b;
      }
      if (result.error) {
        box.append(el("p", { className: "share-error", text: t(result.error.key, result.error.values) }), button("share_close", close));
      } else {
        var linked = result.assessment, counted = score(this.model, linked), facts = el("dl", { className: "facts" });
        [["share_name", linked.name], ["share_framework", t("share_framework_value", { title: this.model.title, version: result.version })],
         ["share_answers", t("progress", { answered: counted.answered, total: counted.total })],
         ["share_notes", t(result.notes ? "share_notes_included" : "share_notes_left_out")]].forEach(function (fact) {
          facts.append(el("dt", { text: t(fact[0]) }), el("dd", { text: fact[1] }));
        });
        box.append(el("p", { text: t("share_offer_intro") }), facts);
        var notice = upgradeNotice(this.model, linked, t);
        if (notice) box.appendChild(notice);
        box.appendChild(el("div", { className: "ask-buttons share-buttons" }, [
          button("share_import", function () {
            linked.id = newId();
            close();
            self.report(self.importedText(linked.name, self.addImported(linked)), result.problems);
            self.select.focus();
          }, "primary"),
          button("share_not_now", function () { close(); self.say(t("share_dismissed")); self.select.focus(); })]));
      }
      this.offerBox.replaceChildren(box);
      heading.focus();
    },

    // --- framework upgrades

    showNotice: function () {
      var self = this, notice = upgradeNotice(this.model, this.assessment(), this.t);
      this.noticeBox.replaceChildren();
      if (!notice) return;
      var hide = el("button", { type: "button", text: this.t("upgrade_dismiss") });
      hide.addEventListener("click", function () {
        acknowledgeUpgrade(self.model, self.assessment());
        self.touch();
        self.show(true);
        self.say(self.t("upgrade_dismissed"));
        self.select.focus();
      });
      notice.appendChild(el("p", {}, [hide]));
      this.noticeBox.appendChild(notice);
    },

    buildProgress: function () {
      this.progressText = el("span", { id: "progress-text" });
      this.progressBar = el("progress", { "aria-labelledby": "progress-text" });
      this.progress = el("p", { className: "progress" }, [this.progressText, " ", this.progressBar, " ",
        el("a", { href: "#results", text: this.t("see_results") })]);
      this.app.insertBefore(this.progress, this.form);
    },

    fillSelect: function () {
      var state = this.state, select = this.select;
      select.replaceChildren();
      Object.keys(state.assessments).map(function (id) { return state.assessments[id]; })
        .sort(function (a, b) { return a.created < b.created ? -1 : a.created > b.created ? 1 : 0; })
        .forEach(function (assessment) {
          select.appendChild(el("option", { value: assessment.id, text: assessment.name }));
        });
      select.value = state.current;
    },

    /** True when the only assessment is the one the page started with, untouched: nothing is lost by replacing it. */
    onlyUntouchedDefault: function () {
      var ids = Object.keys(this.state.assessments), first = this.state.assessments[ids[0]], model = this.model;
      if (ids.length !== 1 || first.name !== this.t("first_name") || first.created !== first.updated || first.upgrade) return false;
      return model.functions.every(function (fn) {
        var answer = first.answers[fn.id];
        return answer.current === null && answer.note === "" && answer.target === model.suggestedTarget;
      });
    },

    /** Add an imported assessment; in a browser that held only the untouched default, instead of it. */
    addImported: function (assessment) {
      if (this.onlyUntouchedDefault()) this.state.assessments = idMap();
      return this.add(assessment);
    },

    /** Add an assessment, make it the current one and save; return whether it was saved. */
    add: function (assessment) {
      this.state.assessments[assessment.id] = assessment;
      this.state.current = assessment.id;
      var saved = this.save();
      this.show();
      return saved;
    },

    /** The headline of an import: never "imported" alone when the browser did not store it. */
    importedText: function (name, saved) { return this.t(saved ? "imported" : "imported_not_saved", { name: name }); },

    onNew: function () {
      var self = this, count = Object.keys(this.state.assessments).length + 1;
      this.ask({ title: this.t("new_title"), input: this.t("new_name", { number: count }), confirm: this.t("create") })
        .then(function (name) { if (name) { self.add(createAssessment(self.model, name)); self.say(self.t("created", { name: name })); } });
    },

    onRename: function () {
      var self = this, assessment = this.assessment();
      this.ask({ title: this.t("rename_title"), input: assessment.name, confirm: this.t("rename") }).then(function (name) {
        if (!name) return;
        assessment.name = name; self.touch(); self.show();
        self.say(self.t("renamed", { name: name }));
      });
    },

    onDuplicate: function () {
      var self = this, assessment = this.assessment();
      this.ask({ title: this.t("duplicate_title"), input: this.t("copy_name", { name: assessment.name }), confirm: this.t("duplicate") })
        .then(function (name) { if (name) { self.add(duplicateAssessment(assessment, name)); self.say(self.t("duplicated", { name: name })); } });
    },

    onDelete: function () {
      var self = this, assessment = this.assessment();
      this.ask({ title: this.t("delete_title", { name: assessment.name }), message: this.t("delete_message"), confirm: this.t("delete"), danger: true })
        .then(function (ok) {
          if (!ok) return;
          delete self.state.assessments[assessment.id];
          self.state.current = Object.keys(self.state.assessments)[0] || null;
          if (!self.state.current) { self.startFresh(); self.store.clear(); self.showSaving("idle"); } else self.save();
          self.show();
          self.say(self.t("deleted", { name: assessment.name }));
        });
    },

    onDeleteAll: function () {
      var self = this;
      this.ask({ title: this.t("delete_all_title"), message: this.t("delete_all_message"), confirm: this.t("delete_all"), danger: true })
        .then(function (ok) {
          if (!ok) return;
          self.store.clear();
          self.startFresh();  // kept in memory only: nothing is stored again until the reader answers
          self.showSaving("idle");
          self.show();
          self.say(self.t("deleted_all"));
        });
    },

    onExportJSON: function () {
      var assessment = this.assessment();
      download(document, exportJSON(assessment), fileName(assessment.name, "json"), "application/json");
    },

    onExportCSV: function () {
      var assessment = this.assessment();
      download(document, assessmentCSV(this.model, assessment, this.t), fileName(assessment.name, "csv"), "text/csv;charset=utf-8");
    },

    importFile: function (file) {
      var self = this, t = this.t;
      if (!file) return;
      if (file.size > MAX_IMPORT_BYTES) { this.report(t("import_failed", { file: file.name }), [{ key: "import_too_big", values: { max: "1 MB" } }]); return; }
      file.text().then(function (text) {
        var result = parseAssessment(self.model, text, t("imported_name"));
        if (result.error) { self.report(t("import_failed", { file: file.name }), [result.error]); return; }
        if (has(self.state.assessments, result.assessment.id)) result.assessment.id = newId();
        self.report(self.importedText(result.assessment.name, self.addImported(result.assessment)), result.problems);
      }, function () { self.report(t("import_failed", { file: file.name }), [{ key: "import_not_json", values: {} }]); });
    },

    report: function (headline, problems) {
      var t = this.t, list = el("ul");
      problems.forEach(function (problem) { list.appendChild(el("li", { text: t(problem.key, problem.values) })); });
      this.messages.replaceChildren(el("p", { text: headline }));
      if (problems.length) this.messages.appendChild(list);
    },

    say: function (text) { this.messages.replaceChildren(el("p", { text: text })); },

    buildDialog: function () {
      var t = this.t;
      this.dialog = el("dialog", { className: "ask", "aria-labelledby": "ask-title" });
      this.dialogTitle = el("h2", { id: "ask-title" });
      this.dialogMessage = el("p");
      this.dialogInput = el("input", { type: "text", id: "ask-input", maxlength: String(MAX_NAME), autocomplete: "off" });
      this.dialogField = el("p", { className: "ask-field" }, [el("label", { "for": "ask-input", text: t("name_label") }), this.dialogInput]);
      this.dialogConfirm = el("button", { type: "submit" });
      var cancel = el("button", { type: "button", text: t("cancel") });
      this.dialogForm = el("form", { method: "dialog" }, [this.dialogTitle, this.dialogMessage, this.dialogField,
        el("div", { className: "ask-buttons" }, [this.dialogConfirm, cancel])]);
      this.dialog.appendChild(this.dialogForm);
      this.app.appendChild(this.dialog);
      var self = this;
      cancel.addEventListener("click", function () { self.dialog.close(""); });
      this.dialogForm.addEventListener("submit", function (event) {
        event.preventDefault();
        var value = self.dialogField.hidden ? "ok" : self.dialogInput.value.trim().slice(0, MAX_NAME);
        if (!value) { self.dialogInput.focus(); return; }
        self.dialog.close(value);
      });
    },

    /** Ask in a modal <dialog>; resolve with the entered name ("ok" without input), or "" when cancelled. */
    ask: function (options) {
      var dialog = this.dialog, self = this, opener = document.activeElement;
      this.dialogTitle.textContent = options.title;
      this.dialogMessage.textContent = options.message || "";
      this.dialogMessage.hidden = !options.message;
      this.dialogField.hidden = options.input === undefined;
      this.dialogInput.value = options.input || "";
      this.dialogConfirm.textContent = options.confirm;
      this.dialogConfirm.className = options.danger ? "danger" : "";
      dialog.returnValue = "";
      return new Promise(function (resolve) {
        dialog.addEventListener("close", function () {
          if (opener && opener.focus && document.contains(opener)) opener.focus();
          resolve(dialog.returnValue);
        }, { once: true });
        dialog.showModal();
        (self.dialogField.hidden ? self.dialogConfirm : self.dialogInput).focus();
        if (!self.dialogField.hidden) self.dialogInput.select();
      });
    },

    // --- answers

    onChange: function (input) {
      var question = input.closest(".question");
      if (!question) return;
      var fnId = question.getAttribute("data-function"), answer = this.assessment().answers[fnId];
      if (!answer) return;
      if (input.tagName === "TEXTAREA") answer.note = input.value.slice(0, MAX_NOTE);
      else if (input.checked) setAnswer(this.model, fnId, answer, input.name.indexOf("target-") === 0 ? "target" : "current", input.value);
      this.touch();
      this.render();
    },

    touch: function () {
      if (this.state.retired) delete this.state.retired[this.state.current];
      this.assessment().updated = new Date().toISOString();
      this.save();
    },

    /** Save every assessment; return whether the browser stored them. */
    save: function () {
      var saved = this.store.save(this.state);
      this.showSaving(saved ? "saved" : this.store.available ? "failed" : "unavailable");
      return saved;
    },

    /**
     * Say how saving went: "saved", "failed" (storage refused, e.g. full), "unavailable" or "idle".
     * A failure stays on screen, with the export, until a save succeeds: nothing else may say "saved".
     */
    showSaving: function (outcome) {
      var self = this, t = this.t, failed = outcome === "failed";
      if (failed && !this.saveFailed) {
        var exportNow = el("button", { type: "button", text: t("save_failed_export") });
        exportNow.addEventListener("click", function () { self.onExportJSON(); });
        this.saveAlert.replaceChildren(el("p", { text: t("save_failed") }), el("p", {}, [exportNow]));
      } else if (!failed) this.saveAlert.replaceChildren();
      this.saveFailed = failed;
      this.savedNote.hidden = failed;
      if (outcome === "saved") this.savedNote.textContent = t("saved", { time: this.when(this.assessment().updated) });
      else if (!failed) this.savedNote.textContent = t(this.store.available ? "autosave" : "not_saved");
    },

    when: function (iso) {
      try { return new Date(iso).toLocaleString(this.lang, { dateStyle: "medium", timeStyle: "short" }); } catch (error) { return iso; }
    },

    fillForm: function () {
      var form = this.form, assessment = this.assessment();
      this.model.functions.forEach(function (fn) {
        var answer = assessment.answers[fn.id];
        SIDES.forEach(function (side) {
          form.querySelectorAll('input[name="' + side + "-" + fn.id + '"]').forEach(function (radio) {
            radio.checked = radio.value === answer[side];
          });
        });
        var note = form.querySelector("#note-" + fn.id);
        if (note) note.value = answer.note;
      });
    },

    show: function (quiet) {
      this.fillSelect();
      this.fillForm();
      this.showNotice();
      if (!this.saveFailed) this.showSaving("idle");
      this.render(quiet);
    },

    // --- results

    render: function (quiet) {
      var result = score(this.model, this.assessment()), t = this.t;
      this.progressText.textContent = t("progress", { answered: result.answered, total: result.total });
      this.progressBar.max = result.total;
      this.progressBar.value = result.answered;
      this.results.replaceChildren.apply(this.results, this.resultParts(result));
      if (!quiet) this.announce(result);
    },

    announce: function (result) {
      var self = this, text = this.t("progress", { answered: result.answered, total: result.total });
      if (result.rounded !== null) text += " " + this.overallText(result) + ".";
      clearTimeout(this.announceTimer);
      this.announceTimer = setTimeout(function () { self.live.textContent = text; }, 700);
    },

    overallText: function (result) {
      var values = { mean: this.number(result.rounded, 1), count: result.levels, lower: result.lower.name, upper: result.upper.name };
      return this.t(result.lower === result.upper ? "overall_at" : "overall_between", values);
    },

    resultParts: function (result) {
      var t = this.t, parts = [el("h2", { id: "results-heading", text: t("results_heading", { name: this.assessment().name }) })];
      parts.push(el("p", { className: "report-meta", text: t("report_meta", { updated: this.when(this.assessment().updated), version: this.model.version }) }));
      parts.push(el("p", { className: "completeness " + (result.complete ? "is-complete" : "is-incomplete") }, [
        el("strong", { text: t(result.complete ? "complete" : "incomplete") }), " ",
        t(result.complete ? "complete_text" : "incomplete_text", { answered: result.answered, total: result.total, open: result.open })
      ]));
      parts.push(this.overallPart(result));
      if (result.scored) parts.push(this.profilePart(result), this.chartPart(result));
      parts.push(this.nextStepsPart(result), this.formulaPart(result));
      return parts;
    },

    overallPart: function (result) {
      var t = this.t, box = el("div", { className: "overall" });
      if (result.rounded === null) {
        box.appendChild(el("p", { text: t("no_levels_yet") }));
      } else {
        box.appendChild(el("p", { className: "overall-figure" }, [
          el("data", { value: String(result.rounded), id: "overall-mean", text: this.number(result.rounded, 1) }),
          " ", t("of_levels", { count: result.levels })]));
        box.appendChild(el("p", { className: "overall-text", id: "overall-text",
          text: this.t(result.lower === result.upper ? "at_level" : "between_levels", { lower: result.lower.name, upper: result.upper.name }) }));
      }
      var facts = el("dl", { className: "facts" });
      function fact(key, value, id) { facts.append(el("dt", { text: t(key) }), el("dd", { id: id, text: value })); }
      fact("fact_scored", t("scored_value", { scored: result.scored, total: result.total }), "fact-scored");
      fact("fact_excluded", t("excluded_value", { unsure: result.unsure, na: result.na, excluded: result.unsure + result.na }), "fact-excluded");
      fact("fact_mean_gap", result.meanGap === null ? t("none") : this.number(result.meanGap, 1), "fact-mean-gap");
      fact("fact_below_target", String(result.nextSteps.length), "fact-below-target");
      box.appendChild(facts);
      return box;
    },

    profilePart: function (result) {
      var t = this.t, body = el("tbody");
      result.profile.forEach(function (entry) {
        body.appendChild(el("tr", { "data-level": entry.level.id }, [
          el("th", { scope: "row", text: entry.level.position + " " + entry.level.name }),
          el("td", { className: "count", text: String(entry.rows.length) }),
          el("td", { text: entry.rows.map(function (row) { return row.fn.name; }).join(", ") })
        ]));
      });
      return el("section", { "aria-labelledby": "profile-heading" }, [
        el("h3", { id: "profile-heading", text: t("profile_heading") }),
        el("div", { className: "table-scroll" }, [el("table", { className: "profile" }, [
          el("caption", { text: t("profile_caption") }),
          el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: t("level") }), el("th", { scope: "col", text: t("count") }), el("th", { scope: "col", text: t("functions") })])]),
          body])])
      ]);
    },

    chartPart: function (result) {
      var t = this.t, self = this, levelValue = function (level) { return level ? level.position : null; };
      var names = result.rows.map(function (row) { return row.fn.name; }), key = axisKey(names, t);
      var chart = drawChart({
        title: t(result.total >= 3 ? "chart_title_radar" : "chart_title_bars"), axes: names, max: result.levels, axisKey: key,
        scale: this.model.levels.map(function (level) { return level.name; }),
        series: [{ name: t("current"), className: "series-current", marker: "circle", values: result.rows.map(function (row) { return levelValue(row.current); }) },
                 { name: t("target"), className: "series-target", marker: "square", values: result.rows.map(function (row) { return levelValue(row.target); }) }]
      });
      var legend = el("ul", { className: "chart-legend" }, [
        el("li", {}, [el("span", { className: "swatch swatch-current", "aria-hidden": "true" }), t(result.total >= 3 ? "legend_current" : "legend_current_bars")]),
        el("li", {}, [el("span", { className: "swatch swatch-target", "aria-hidden": "true" }), t(result.total >= 3 ? "legend_target" : "legend_target_bars")])]);
      var hasNotes = result.rows.some(function (row) { return row.answer.note; });
      var head = [t("function"), t("current"), t("target"), t("gap")].concat(hasNotes ? [t("note")] : []);
      var body = el("tbody");
      result.rows.forEach(function (row) {
        var cells = [el("th", { scope: "row", text: row.fn.name }),
          el("td", { className: "cell-current", text: self.levelText(row.current, row.status) }),
          el("td", { className: "cell-target", text: self.levelText(row.target, "open") }),
          el("td", { className: "cell-gap", text: row.gap === null ? t("none") : self.signed(row.gap) })];
        if (hasNotes) cells.push(el("td", { className: "cell-note", text: row.answer.note }));
        body.appendChild(el("tr", { "data-function": row.fn.id }, cells));
      });
      return el("section", { "aria-labelledby": "chart-heading" }, [
        el("h3", { id: "chart-heading", text: t("chart_heading") }),
        el("figure", { className: "chart-figure" }, [chart, el("figcaption", {}, [legend, scaleKey(this.model.levels.map(function (level) { return level.name; }), t), key])]),
        el("div", { className: "table-scroll" }, [el("table", { className: "levels-table", id: "levels-table" }, [
          el("caption", { text: t("table_caption") }),
          el("thead", {}, [el("tr", {}, head.map(function (text) { return el("th", { scope: "col", text: text }); }))]),
          body])])
      ]);
    },

    levelText: function (level, status) {
      if (level) return this.t("level_value", { position: level.position, level: level.name });
      return this.t(status === "unsure" ? "not_sure" : status === "na" ? "not_relevant" : "not_answered");
    },

    nextStepsPart: function (result) {
      var t = this.t, section = el("section", { "aria-labelledby": "next-heading", className: "next-steps" }, [
        el("h3", { id: "next-heading", text: t("next_heading") }), el("p", { text: t("next_intro") })]);
      if (!result.nextSteps.length) { section.appendChild(el("p", { text: t("next_none") })); return section; }
      var list = el("ol", { id: "next-steps" });
      result.nextSteps.forEach(function (step) {
        var row = step.row, item = el("li", { "data-function": row.fn.id }, [
          el("h4", { text: row.fn.name }),
          el("p", { className: "step-levels", text: t("next_levels", { current: row.current.name, next: step.next.name, target: row.target.name, gap: row.gap }) })]);
        if (step.description) item.appendChild(el("p", { text: step.description }));
        if (step.actions.length) {
          item.appendChild(el("p", { className: "step-actions", text: t("next_actions", { level: step.next.name }) }));
          item.appendChild(el("ul", {}, step.actions.map(function (action) { return el("li", { text: action }); })));
        }
        item.appendChild(el("p", {}, [el("a", { href: step.url, text: t("next_link", { level: step.next.name, function: row.fn.name }) })]));
        if (row.answer.note) item.appendChild(el("p", { className: "step-note", text: t("note_value", { note: row.answer.note }) }));
        list.appendChild(item);
      });
      section.appendChild(list);
      return section;
    },

    formulaPart: function (result) {
      var t = this.t, levels = this.model.levels, first = levels[0], last = levels[levels.length - 1];
      var items = [t("formula_level", { count: result.levels, first: first.name, last: last.name })];
      if (result.scored) {
        items.push(t("formula_mean_values", { values: result.positions.join(" + "), scored: result.scored,
          mean: this.number(result.mean, 2), rounded: this.number(result.rounded, 1) }));
      } else items.push(t("formula_mean"));
      items.push(t("formula_between"), t("formula_gap"), t("formula_profile"), t("formula_excluded"));
      return el("section", { "aria-labelledby": "formula-heading", className: "formulas" }, [
        el("h3", { id: "formula-heading", text: t("formula_heading") }),
        el("ul", {}, items.map(function (text) { return el("li", { text: text }); }))]);
    }
  };

  // ------------------------------------------------------------------ start

  window.PartneringHandbook = {
    FORMAT: FORMAT, SCHEMA: SCHEMA, MAX_IMPORT_BYTES: MAX_IMPORT_BYTES,
    readJSON: readJSON, readFramework: readFramework, readStrings: readStrings, frameworkModel: frameworkModel, translator: translator,
    createAssessment: createAssessment, duplicateAssessment: duplicateAssessment, setAnswer: setAnswer,
    validateAssessment: validateAssessment, parseAssessment: parseAssessment, exportJSON: exportJSON,
    storageKey: storageKey, siteBase: siteBase, openStore: openStore, browserStorage: browserStorage,
    score: score, drawChart: drawChart, scaleKey: scaleKey, axisKey: axisKey, csvCell: csvCell, toCSV: toCSV, assessmentCSV: assessmentCSV,
    download: download, fileName: fileName, newId: newId, el: el,
    upgradeReport: upgradeReport, upgradeNotice: upgradeNotice, acknowledgeUpgrade: acknowledgeUpgrade,
    encodeShare: encodeShare, decodeShare: decodeShare
  };

  var app = document.getElementById("assessment-app"), model = readFramework(document);
  if (app && model) new AssessmentPage(app, model, readStrings(document)).start();
})();
