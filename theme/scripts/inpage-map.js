/* The home page's map of functions by levels: the open assessment's levels today and targets marked
   in their cells, by a shape and a word as well as colour, and kept up to date with other pages. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { SIDES } = PH;

  /**
   * Which cells to mark: [{function, level, side}] of the open assessment. A target is marked only for a
   * function answered today: every new assessment starts with the suggested target, which says nothing yet.
   */
  function mapMarks(model, state) {
    const marks = [];
    model.functions.forEach((fn) => {
      const answer = PH.inpageAnswer(state, fn.id);
      if (!answer || answer.current === null) return;
      SIDES.forEach((side) => {
        if (model.level(answer[side])) marks.push({ "function": fn.id, level: answer[side], side: side });
      });
    });
    return marks;
  }

  /** Mark the map's cells: each cell holds one empty mark per side, shown with its word when chosen. */
  function markMap(map, model, state, t) {
    const chosen = new Set(mapMarks(model, state).map((mark) => mark["function"] + " " + mark.level + " " + mark.side));
    map.querySelectorAll("td[data-level]").forEach((cell) => {
      const fnId = cell.parentNode.getAttribute("data-function"), levelId = cell.getAttribute("data-level");
      SIDES.forEach((side) => {
        const mark = cell.querySelector(".map-" + side), on = chosen.has(fnId + " " + levelId + " " + side);
        if (!mark) return;
        mark.textContent = on ? t(side === "current" ? "map_today" : "map_target") : "";
        mark.classList.toggle("is-on", on);
      });
    });
  }

  /** Mark the map now and whenever another page of the handbook saves. */
  function followMap(map, model, store, state, t) {
    markMap(map, model, state, t);
    window.addEventListener("storage", (event) => {
      if (event.key === store.key || event.key === null) markMap(map, model, store.load(t("first_name")), t);
    });
  }

  Object.assign(PH, { mapMarks, markMap, followMap });
})();
