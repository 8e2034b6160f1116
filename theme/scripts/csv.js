/* CSV: an assessment as a spreadsheet file, with the build's rule for cells that could run as formulas. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;

  /** Quote a CSV cell; text that a spreadsheet would run as a formula gets a leading apostrophe. */
  function csvCell(value) {
    if (typeof value === "number") return String(value);
    let text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",;\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function toCSV(rows) {
    return "\uFEFF" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
  }

  const HEADER = ["csv_function_id", "csv_function", "csv_current_id", "csv_current", "csv_current_position",
    "csv_target_id", "csv_target", "csv_target_position", "csv_gap", "csv_note"];

  function assessmentCSV(model, assessment, t) {
    const rows = PH.score(model, assessment).rows.map((row) => {
      const other = row.status === "unsure" ? t("not_sure") : row.status === "na" ? t("not_relevant") : "";
      return [row.fn.id, row.fn.name, row.answer.current || "", row.current ? row.current.name : other,
        row.current ? row.current.position : "", row.target ? row.target.id : "", row.target ? row.target.name : "",
        row.target ? row.target.position : "", row.gap === null ? "" : row.gap, row.answer.note || ""];
    });
    return toCSV([HEADER.map((key) => t(key))].concat(rows));
  }

  Object.assign(PH, { csvCell, toCSV, assessmentCSV });
})();
