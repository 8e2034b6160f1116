/* The self-assessment page's controller: its state, the worksheet's answers, saving and showing.
   The toolbar, share links and results are in the assessment-*.js sources that follow this one. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { idMap, el, SIDES, MAX_NOTE } = PH;

  function AssessmentPage(app, model, t) {
    this.app = app; this.model = model; this.t = t;
    this.form = app.querySelector("#worksheet");
    this.lang = document.documentElement.lang || undefined;
    this.store = PH.openStore(model, PH.rootPath(document, window.location), PH.browserStorage(), PH.siteBase(window.location));
    this.state = this.store.load(t("first_name"));
    if (!this.state.current) this.startFresh();
  }

  AssessmentPage.prototype = {
    assessment() { return this.state.assessments[this.state.current]; },

    startFresh() {
      const first = PH.createAssessment(this.model, this.t("first_name"));
      this.state = { current: first.id, assessments: idMap() };
      this.state.assessments[first.id] = first;
    },

    number(value, digits) { return PH.number(value, digits, this.lang); },

    /** Build the tools, then show the saved answers: two tasks, each short (see PH.inTurn). */
    start() {
      PH.inTurn([() => { this.build(); }, () => { this.ready(); }]);
    },

    build() {
      this.buildToolbar();
      this.buildProgress();
      this.results = el("section", { id: "results", className: "results", "aria-labelledby": "results-heading" });
      this.app.appendChild(this.results);
      this.live = el("div", { className: "visually-hidden", role: "status", "aria-live": "polite" });
      this.app.appendChild(this.live);
      this.buildDialog();
      this.form.addEventListener("change", (event) => { this.onChange(event.target); });
      this.form.addEventListener("input", (event) => { if (event.target.tagName === "TEXTAREA") this.onChange(event.target); });
      this.form.addEventListener("submit", (event) => { event.preventDefault(); });
      window.addEventListener("hashchange", () => { this.checkLink(); });
      // Another page of this handbook saved: show what it changed (this page's own changes are kept).
      window.addEventListener("storage", (event) => { if (event.key === this.store.key || event.key === null) this.refresh(); });
    },

    /** Show the open assessment and what a link brought; only then is the page shown as ready. */
    ready() {
      this.show(true);
      this.checkLink();
      document.documentElement.classList.add("assessment-ready");
    },

    buildProgress() {
      this.progressText = el("span", { id: "progress-text" });
      this.progressBar = el("progress", { "aria-labelledby": "progress-text" });
      this.progress = el("p", { className: "progress" }, [this.progressText, " ", this.progressBar, " ",
        el("a", { href: "#results", text: this.t("see_results") })]);
      this.app.insertBefore(this.progress, this.form);
    },

    fillSelect() {
      const state = this.state, select = this.select;
      select.replaceChildren();
      Object.keys(state.assessments).map((id) => state.assessments[id])
        .sort((a, b) => a.created < b.created ? -1 : a.created > b.created ? 1 : 0)
        .forEach((assessment) => { select.appendChild(el("option", { value: assessment.id, text: assessment.name })); });
      select.value = state.current;
    },

    onChange(input) {
      const question = input.closest(".question");
      if (!question) return;
      const fnId = question.getAttribute("data-function"), answer = this.assessment().answers[fnId];
      if (!answer) return;
      if (input.tagName === "TEXTAREA") answer.note = input.value.slice(0, MAX_NOTE);
      else if (input.checked) PH.setAnswer(this.model, fnId, answer, input.name.indexOf("target-") === 0 ? "target" : "current", input.value);
      this.touch();
      if (this.stale) this.show(); else this.render();
    },

    /** Take in what other open pages saved, keeping this page's open assessment and unsaved changes. */
    refresh() {
      // The untouched first assessment of a page that never saved gives way (nothing is lost by it).
      const mine = this.onlyUntouchedDefault() ? { current: null, assessments: idMap() } : this.state;
      this.state = this.store.refresh(mine);
      if (!this.state.current) this.startFresh();
      this.show(true);
    },

    touch() {
      if (this.state.retired) delete this.state.retired[this.state.current];
      this.assessment().updated = new Date().toISOString();
      this.save();
    },

    /** Save every assessment; return whether the browser stored them. */
    save() {
      const saved = this.store.save(this.state);
      if (saved && this.store.outdated) {
        // The save brought in what another page had saved meanwhile: show the merged state.
        const current = this.state.current;
        this.state = this.store.load(this.t("first_name"));
        if (PH.has(this.state.assessments, current)) this.state.current = current;
        this.stale = true;
      }
      this.showSaving(saved ? "saved" : this.store.available ? "failed" : "unavailable");
      return saved;
    },

    /**
     * Say how saving went: "saved", "failed" (storage refused, e.g. full), "unavailable" or "idle".
     * A failure stays on screen, with the export, until a save succeeds: nothing else may say "saved".
     */
    showSaving(outcome) {
      const t = this.t, failed = outcome === "failed";
      if (failed && !this.saveFailed) {
        const exportNow = el("button", { type: "button", text: t("save_failed_export") });
        exportNow.addEventListener("click", () => { this.onExportJSON(); });
        this.saveAlert.replaceChildren(el("p", { text: t("save_failed") }), el("p", {}, [exportNow]));
      } else if (!failed) this.saveAlert.replaceChildren();
      this.saveFailed = failed;
      this.savedNote.hidden = failed;
      if (outcome === "saved") this.savedNote.textContent = t("saved", { time: this.when(this.assessment().updated) });
      else if (!failed) this.savedNote.textContent = t(this.store.available ? "autosave" : "not_saved");
    },

    when(iso) {
      try { return new Date(iso).toLocaleString(this.lang, { dateStyle: "medium", timeStyle: "short" }); } catch (error) { return iso; }
    },

    fillForm() {
      const form = this.form, assessment = this.assessment();
      this.model.functions.forEach((fn) => {
        const answer = assessment.answers[fn.id];
        SIDES.forEach((side) => {
          form.querySelectorAll('input[name="' + side + "-" + fn.id + '"]').forEach((radio) => {
            radio.checked = radio.value === answer[side];
          });
        });
        const note = form.querySelector("#note-" + fn.id);
        if (note && note.value !== answer.note) note.value = answer.note;  // unchanged: the caret stays where it is
      });
    },

    show(quiet) {
      this.stale = false;
      this.fillSelect();
      this.fillForm();
      this.showNotice();
      if (!this.saveFailed) this.showSaving("idle");
      this.render(quiet);
    }
  };

  /** Start the self-assessment on the page that has one: read the page, open the saved state, build. */
  function startAssessmentPage() {
    const app = document.getElementById("assessment-app");
    let model = null, page = null;
    if (!app) return;
    PH.inTurn([
      () => { model = PH.readFramework(document); },
      () => { if (model) page = new AssessmentPage(app, model, PH.readStrings(document)); },
      () => { if (page) page.start(); }
    ]);
  }

  Object.assign(PH, { AssessmentPage, startAssessmentPage });
})();
