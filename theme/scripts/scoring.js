/* Scoring: every figure of one assessment, of two compared and of several respondents combined.
   The formulas are the README's; the pages write each next to its result. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { sum, OTHER_ANSWERS, SIDES, MAX_NOTE } = PH;

  function scoreRow(model, assessment, fn, index) {
    const answer = assessment.answers[fn.id] || {};
    const current = model.level(answer.current) || null, target = model.level(answer.target) || null;
    const status = current ? "level" : OTHER_ANSWERS.indexOf(answer.current) >= 0 ? answer.current : "open";
    return { index: index, fn: fn, answer: answer, status: status, current: current, target: target,
             gap: current && target ? target.position - current.position : null };
  }

  /**
   * Compute every figure of an assessment. A function's level is its position (1..N); "unsure" and
   * "na" are left out of every figure; gap = target - current.
   */
  function score(model, assessment) {
    const rows = model.functions.map((fn, index) => scoreRow(model, assessment, fn, index));
    const scored = rows.filter((row) => row.current);
    const positions = scored.map((row) => row.current.position);
    const mean = positions.length ? sum(positions) / positions.length : null;
    const rounded = mean === null ? null : Math.round(mean * 10) / 10;
    const gaps = rows.filter((row) => row.gap !== null).map((row) => row.gap);
    const count = (status) => rows.filter((row) => row.status === status).length;
    return {
      rows: rows, total: rows.length, levels: model.count,
      answered: rows.length - count("open"), scored: scored.length,
      unsure: count("unsure"), na: count("na"), open: count("open"), complete: count("open") === 0,
      positions: positions, mean: mean, rounded: rounded,
      lower: rounded === null ? null : model.levelAt(Math.floor(rounded)),
      upper: rounded === null ? null : model.levelAt(Math.ceil(rounded)),
      gaps: gaps, meanGap: gaps.length ? sum(gaps) / gaps.length : null,
      profile: model.levels.map((level) => ({ level: level, rows: scored.filter((row) => row.current.id === level.id) })),
      nextSteps: nextSteps(model, rows)
    };
  }

  /** Every function below its target, largest gap first: the next level and the actions to reach it. */
  function nextSteps(model, rows) {
    return rows.filter((row) => row.gap > 0)
      .sort((a, b) => b.gap - a.gap || a.index - b.index)
      .map((row) => {
        const next = model.levelAt(row.current.position + 1);
        return { row: row, next: next, description: row.fn.levels[next.id].description,
                 actions: row.fn.levels[row.current.id].actions, url: row.fn.url + "#" + next.id };
      });
  }

  /** Two answers this many levels apart (or more) are worth a conversation: half the scale, at least 1. */
  function threshold(model) { return Math.max(1, Math.ceil((model.count - 1) / 2)); }

  /** alignment = 1 − mean(|a − b|) / (N − 1) over [a, b] position pairs; null without pairs. */
  function alignment(model, pairs) {
    if (!pairs.length) return null;
    const distances = pairs.map((pair) => Math.abs(pair[1] - pair[0])), mean = sum(distances) / pairs.length;
    return { distances: distances, pairs: pairs.length, ratio: model.count > 1 ? mean / (model.count - 1) : 0,
             value: model.count > 1 ? 1 - mean / (model.count - 1) : 1 };
  }

  function difference(a, b) { return a && b ? b.position - a.position : null; }

  /** Compare two assessments function by function: differences, alignment, functions to talk about. */
  function compare(model, a, b) {
    const rowsA = score(model, a).rows, rowsB = score(model, b).rows, limit = threshold(model);
    const rows = rowsA.map((rowA, i) => {
      const rowB = rowsB[i], now = difference(rowA.current, rowB.current), goal = difference(rowA.target, rowB.target);
      return { fn: rowA.fn, a: rowA, b: rowB, now: now, goal: goal,
               talkNow: now !== null && Math.abs(now) >= limit, talkGoal: goal !== null && Math.abs(goal) >= limit };
    });
    const pairs = (side) => rows.filter((row) => row.a[side] && row.b[side]).map((row) => [row.a[side].position, row.b[side].position]);
    return { rows: rows, current: alignment(model, pairs("current")), target: alignment(model, pairs("target")),
             talk: rows.filter((row) => row.talkNow || row.talkGoal) };
  }

  /** Median of sorted positions; with an even count, the mean of the two middle ones. */
  function median(sorted) {
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Median, lowest, highest and spread of one side's levels over several scored rows; null without levels. */
  function spread(model, rows, side) {
    const positions = rows.filter((row) => row[side]).map((row) => row[side].position).sort((x, y) => x - y);
    if (!positions.length) return null;
    const low = positions[0], high = positions[positions.length - 1];
    return { median: median(positions), low: low, high: high, spread: high - low, flagged: high - low >= threshold(model) };
  }

  /** Combine several respondents' assessments: per function, each side's median and spread. */
  function combine(model, assessments) {
    const scored = assessments.map((assessment) => score(model, assessment).rows);
    return model.functions.map((fn, i) => {
      const rows = scored.map((rowsOfOne) => rowsOfOne[i]);
      const current = spread(model, rows, "current"), target = spread(model, rows, "target");
      return { fn: fn, rows: rows, current: current, target: target,
               flagged: !!(current && current.flagged) || !!(target && target.flagged) };
    });
  }

  /** Round a median to a level, halves down (2.5 -> 2): a combined answer never claims more than was said. */
  function roundHalfDown(value) { return Math.ceil(value - 0.5); }

  function combinedAnswer(model, row, side) {
    if (row[side]) return model.levelAt(roundHalfDown(row[side].median)).id;
    if (side === "target") return null;
    const statuses = row.rows.map((one) => one.status);
    return statuses.indexOf("unsure") >= 0 ? "unsure" : statuses.indexOf("na") >= 0 ? "na" : null;
  }

  /** The combination as an assessment of its own; each note is prefixed with its respondent's name. */
  function combinedAssessment(model, combined, names, name) {
    const assessment = PH.createAssessment(model, name);
    combined.forEach((row) => {
      const answer = assessment.answers[row.fn.id];
      SIDES.forEach((side) => { PH.setAnswer(model, row.fn.id, answer, side, combinedAnswer(model, row, side)); });
      answer.note = row.rows.map((one, i) => one.answer.note ? names[i] + ": " + one.answer.note : "")
        .filter(Boolean).join("\n").slice(0, MAX_NOTE);
    });
    return assessment;
  }

  Object.assign(PH, { score, nextSteps, threshold, alignment, compare, median, spread, combine, roundHalfDown, combinedAssessment });
})();
