/* The self-assessment's toolbar: the list of saved assessments, new, rename, duplicate, delete,
   export and import, and the dialog that asks for a name or a confirmation. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { has, idMap, el, MAX_NAME } = PH;

  Object.assign(PH.AssessmentPage.prototype, {
    button(key, action, className) {
      const b = el("button", { type: "button", text: this.t(key), className: className || "" });
      b.addEventListener("click", () => { action.call(this); });
      return b;
    },

    buildToolbar() {
      const t = this.t, button = this.button.bind(this);
      this.select = el("select", { id: "assessment-select" });
      this.select.addEventListener("change", () => { this.state.current = this.select.value; this.save(); this.show(); });
      this.fileInput = el("input", { type: "file", id: "import-file", accept: ".json,application/json", className: "visually-hidden", tabindex: "-1", "aria-hidden": "true" });
      this.fileInput.addEventListener("change", () => { this.importFile(this.fileInput.files[0]); this.fileInput.value = ""; });
      this.savedNote = el("p", { className: "saved-note" });
      this.saveAlert = el("div", { className: "save-failed", role: "alert" });
      this.messages = el("div", { className: "messages", role: "status", "aria-live": "polite" });
      const toolbar = el("section", { className: "toolbar", "aria-labelledby": "toolbar-heading" }, [
        el("h2", { id: "toolbar-heading", text: t("assessments_heading") }),
        el("div", { className: "toolbar-row" }, [
          el("label", { "for": "assessment-select", text: t("assessment_label") }), this.select,
          button("new", this.onNew), button("rename", this.onRename), button("duplicate", this.onDuplicate),
          button("delete", this.onDelete)
        ]),
        el("div", { className: "toolbar-row" }, [
          button("export_json", this.onExportJSON), button("export_csv", this.onExportCSV),
          button("import_json", function () { this.fileInput.click(); }), this.fileInput,
          button("print", () => { window.print(); }), button("delete_all", this.onDeleteAll, "danger")
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

    /** True when the only assessment is the one the page started with, untouched: nothing is lost by replacing it. */
    onlyUntouchedDefault() {
      const ids = Object.keys(this.state.assessments), first = this.state.assessments[ids[0]], model = this.model;
      if (ids.length !== 1 || first.name !== this.t("first_name") || first.created !== first.updated || first.upgrade) return false;
      return model.functions.every((fn) => {
        const answer = first.answers[fn.id];
        return answer.current === null && answer.note === "" && answer.target === model.suggestedTarget;
      });
    },

    /** Add an imported assessment; in a browser that held only the untouched default, instead of it. */
    addImported(assessment) {
      if (this.onlyUntouchedDefault()) this.state.assessments = idMap();
      return this.add(assessment);
    },

    /** Add an assessment, make it the current one and save; return whether it was saved. */
    add(assessment) {
      this.state.assessments[assessment.id] = assessment;
      this.state.current = assessment.id;
      const saved = this.save();
      this.show();
      return saved;
    },

    /** The headline of an import: never "imported" alone when the browser did not store it. */
    importedText(name, saved) { return this.t(saved ? "imported" : "imported_not_saved", { name: name }); },

    onNew() {
      const count = Object.keys(this.state.assessments).length + 1;
      this.ask({ title: this.t("new_title"), input: this.t("new_name", { number: count }), confirm: this.t("create") })
        .then((name) => { if (name) { this.add(PH.createAssessment(this.model, name)); this.say(this.t("created", { name: name })); } });
    },

    onRename() {
      const assessment = this.assessment();
      this.ask({ title: this.t("rename_title"), input: assessment.name, confirm: this.t("rename") }).then((name) => {
        if (!name) return;
        assessment.name = name; this.touch(); this.show();
        this.say(this.t("renamed", { name: name }));
      });
    },

    onDuplicate() {
      const assessment = this.assessment();
      this.ask({ title: this.t("duplicate_title"), input: this.t("copy_name", { name: assessment.name }), confirm: this.t("duplicate") })
        .then((name) => { if (name) { this.add(PH.duplicateAssessment(assessment, name)); this.say(this.t("duplicated", { name: name })); } });
    },

    onDelete() {
      const assessment = this.assessment();
      this.ask({ title: this.t("delete_title", { name: assessment.name }), message: this.t("delete_message"), confirm: this.t("delete"), danger: true })
        .then((ok) => {
          if (!ok) return;
          delete this.state.assessments[assessment.id];
          this.state.current = Object.keys(this.state.assessments)[0] || null;
          if (!this.state.current) { this.startFresh(); this.store.clear(); this.showSaving("idle"); } else this.save();
          this.show();
          this.say(this.t("deleted", { name: assessment.name }));
        });
    },

    onDeleteAll() {
      this.ask({ title: this.t("delete_all_title"), message: this.t("delete_all_message"), confirm: this.t("delete_all"), danger: true })
        .then((ok) => {
          if (!ok) return;
          this.store.clear();
          this.startFresh();  // kept in memory only: nothing is stored again until the reader answers
          this.showSaving("idle");
          this.show();
          this.say(this.t("deleted_all"));
        });
    },

    onExportJSON() {
      const assessment = this.assessment();
      PH.download(document, PH.exportJSON(assessment), PH.fileName(assessment.name, "json"), "application/json");
    },

    onExportCSV() {
      const assessment = this.assessment();
      PH.download(document, PH.assessmentCSV(this.model, assessment, this.t), PH.fileName(assessment.name, "csv"), "text/csv;charset=utf-8");
    },

    importFile(file) {
      const t = this.t;
      if (!file) return;
      PH.readFile(this.model, file, t("imported_name")).then((result) => {
        if (result.error) { this.report(t("import_failed", { file: file.name }), [result.error]); return; }
        if (has(this.state.assessments, result.assessment.id)) result.assessment.id = PH.newId();
        this.report(this.importedText(result.assessment.name, this.addImported(result.assessment)), result.problems);
      });
    },

    report(headline, problems) {
      const t = this.t, list = el("ul");
      problems.forEach((problem) => { list.appendChild(el("li", { text: t(problem.key, problem.values) })); });
      this.messages.replaceChildren(el("p", { text: headline }));
      if (problems.length) this.messages.appendChild(list);
    },

    say(text) { this.messages.replaceChildren(el("p", { text: text })); },

    buildDialog() {
      const t = this.t;
      this.dialog = el("dialog", { className: "ask", "aria-labelledby": "ask-title" });
      this.dialogTitle = el("h2", { id: "ask-title" });
      this.dialogMessage = el("p");
      this.dialogInput = el("input", { type: "text", id: "ask-input", maxlength: String(MAX_NAME), autocomplete: "off" });
      this.dialogField = el("p", { className: "ask-field" }, [el("label", { "for": "ask-input", text: t("name_label") }), this.dialogInput]);
      this.dialogConfirm = el("button", { type: "submit" });
      const cancel = el("button", { type: "button", text: t("cancel") });
      this.dialogForm = el("form", { method: "dialog" }, [this.dialogTitle, this.dialogMessage, this.dialogField,
        el("div", { className: "ask-buttons" }, [this.dialogConfirm, cancel])]);
      this.dialog.appendChild(this.dialogForm);
      this.app.appendChild(this.dialog);
      cancel.addEventListener("click", () => { this.dialog.close(""); });
      this.dialogForm.addEventListener("submit", (event) => {
        event.preventDefault();
        const value = this.dialogField.hidden ? "ok" : this.dialogInput.value.trim().slice(0, MAX_NAME);
        if (!value) { this.dialogInput.focus(); return; }
        this.dialog.close(value);
      });
    },

    /** Ask in a modal <dialog>; resolve with the entered name ("ok" without input), or "" when cancelled. */
    ask(options) {
      const dialog = this.dialog, opener = document.activeElement;
      this.dialogTitle.textContent = options.title;
      this.dialogMessage.textContent = options.message || "";
      this.dialogMessage.hidden = !options.message;
      this.dialogField.hidden = options.input === undefined;
      this.dialogInput.value = options.input || "";
      this.dialogConfirm.textContent = options.confirm;
      this.dialogConfirm.className = options.danger ? "danger" : "";
      dialog.returnValue = "";
      return new Promise((resolve) => {
        dialog.addEventListener("close", () => {
          if (opener && opener.focus && document.contains(opener)) opener.focus();
          resolve(dialog.returnValue);
        }, { once: true });
        dialog.showModal();
        (this.dialogField.hidden ? this.dialogConfirm : this.dialogInput).focus();
        if (!this.dialogField.hidden) this.dialogInput.select();
      });
    }
  });
})();
