/* A function page's scoring box: today's level and the target of this function in the assessment
   the self-assessment page has open, saved on every change (keyboard or pointer), with the chosen
   level's signs and next steps taken from the page's own level section. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { el, SIDES, OTHER_ANSWERS } = PH;

  function InpageControl(box, model, t) {
    this.box = box; this.model = model; this.t = t;
    this.functionId = box.getAttribute("data-function");
    this.fn = model.fn(this.functionId);
    this.body = box.querySelector(".inpage-body");
    this.assessmentUrl = box.getAttribute("data-assessment");
  }

  InpageControl.prototype = {
    name() { return this.t("first_name"); },

    /** Open the store and build the box, or say why scoring cannot work here. */
    start(store, state) {
      this.store = store; this.state = state;
      if (!store.available) { this.say("unavailable"); return; }
      this.build();
      this.show();
      window.addEventListener("storage", (event) => { if (event.key === store.key || event.key === null) this.refresh(); });
    },

    /** Replace the box's content by a note and the link to the self-assessment. */
    say(key) {
      this.body.replaceChildren(el("p", { className: "inpage-note" }, [this.t(key) + " ",
        el("a", { href: this.assessmentUrl, text: this.t("open_assessment") })]));
    },

    build() {
      this.selects = {};
      const fields = el("div", { className: "inpage-fields" }, SIDES.map((side) => this.field(side)));
      this.status = el("p", { className: "inpage-status", role: "status" });
      this.level = el("div", { className: "inpage-level" });
      this.body.replaceChildren(fields, this.status, this.level);
      fields.addEventListener("change", (event) => { this.onChange(event.target); });
    },

    field(side) {
      const t = this.t, id = "inpage-" + side, select = el("select", { id: id, name: id });
      const choices = [["", t(side === "current" ? "not_answered" : "no_target")]].concat(this.model.levels.map((level) =>
        [level.id, t("level_value", { position: level.position, level: level.name })]));
      if (side === "current") OTHER_ANSWERS.forEach((other) => { choices.push([other, t(other === "unsure" ? "not_sure" : "not_relevant")]); });
      choices.forEach((choice) => { select.appendChild(el("option", { value: choice[0], text: choice[1] })); });
      this.selects[side] = select;
      return el("p", { className: "inpage-field" }, [el("label", { "for": id, text: t(side) }), select]);
    },

    onChange(select) {
      const side = SIDES.find((name) => this.selects[name] === select);
      if (!side) return;
      PH.giveAnswer(this.model, this.state, this.functionId, side, select.value, this.name());
      const result = PH.saveInpage(this.store, this.state, this.name());
      this.state = result.state;
      this.unsaved = !result.saved;
      this.show();
      if (side === "current" && this.details) this.details.open = true;  // the reader asked: show the level's signs
    },

    refresh() {
      this.state = PH.refreshInpage(this.store, this.state, this.name(), this.unsaved);
      this.show();
    },

    show() {
      if (PH.needsReview(this.state)) { this.say("review"); return; }
      if (!this.body.contains(this.status)) this.build();  // reviewed meanwhile on the assessment page: the lists come back
      const answer = PH.inpageAnswer(this.state, this.functionId) || PH.emptyAnswer(this.model);
      SIDES.forEach((side) => { this.selects[side].value = answer[side] || ""; });
      this.showStatus();
      this.showLevel(this.model.level(answer.current));
    },

    showStatus() {
      const t = this.t, assessment = this.state.current ? this.state.assessments[this.state.current] : null;
      const text = this.unsaved ? t("failed") : assessment ? t("saving_to", { name: assessment.name }) : t("saving_new", { name: this.name() });
      this.status.replaceChildren(el("span", { className: "inpage-saved", text: text }), " ",
        el("a", { href: this.assessmentUrl + "#results", text: t("results") }));
    },

    /** The chosen level's signs and next steps: copies of the page's own lists (the text is written once, in the page). */
    showLevel(level) {
      const t = this.t;
      if (!level) { this.details = null; this.level.replaceChildren(el("p", { className: "inpage-hint", text: t("level_none") })); return; }
      const wasOpen = !!(this.details && this.details.open);
      const parts = [el("summary", { text: t("level_summary", { level: level.name }) })];
      ["signs", "actions"].forEach((part) => {
        const heading = document.getElementById(level.id + "-" + part), list = heading && heading.nextElementSibling;
        if (!list) return;
        parts.push(el("p", { className: "inpage-part", text: heading.textContent }), list.cloneNode(true));
      });
      const section = document.getElementById(level.id), note = section && section.parentNode.querySelector(".note");
      if (note) parts.push(note.cloneNode(true));
      parts.push(el("p", {}, [el("a", { href: "#" + level.id, text: t("level_more", { level: level.name, "function": this.fn.name }) })]));
      this.details = el("details", { className: "inpage-details" }, parts);
      this.details.open = wasOpen;
      this.level.replaceChildren(this.details);
    }
  };

  /** Start the scoring box of a function page and the home page's map, whichever the page has. */
  function startInpage() {
    const box = document.querySelector(".inpage[data-function]"), map = document.querySelector(".fw-map");
    const model = (box || map) && PH.readFramework(document);
    if (!model) return;
    const t = PH.readStrings(document);
    if (box && PH.perFileStorage(window.location, navigator.userAgent)) { new InpageControl(box, model, t).say("per_file"); return; }
    const opened = PH.openInpage(model, document, window.location, PH.browserStorage(), t("first_name"));
    if (box && model.fn(box.getAttribute("data-function"))) new InpageControl(box, model, t).start(opened.store, opened.state);
    if (map) PH.followMap(map, model, opened.store, opened.state, t);
  }

  Object.assign(PH, { InpageControl, startInpage });
})();
