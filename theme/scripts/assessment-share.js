/* The self-assessment's share links (make one, offer what one holds) and its framework-upgrade notice. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { el } = PH;

  Object.assign(PH.AssessmentPage.prototype, {
    shareRow(button) {
      const t = this.t;
      this.shareNotes = el("input", { type: "checkbox", id: "share-notes" });
      this.shareLink = el("input", { type: "text", id: "share-link", readonly: "", className: "share-link" });
      this.shareLink.addEventListener("focus", function () { this.select(); });
      this.shareOutput = el("p", { className: "share-output", hidden: "" }, [el("label", { "for": "share-link", text: t("share_link_label") }), this.shareLink]);
      return el("div", { className: "toolbar-row share-row" }, [button("share_copy", this.onShare),
        el("span", { className: "check" }, [this.shareNotes, el("label", { "for": "share-notes", text: t("share_include_notes") })]),
        this.shareOutput]);
    },

    onShare() {
      const withNotes = this.shareNotes.checked, t = this.t;
      const link = window.location.href.split("#")[0] + "#" + PH.encodeShare(this.model, this.assessment(), withNotes);
      this.shareLink.value = link;
      this.shareOutput.hidden = false;
      const privacy = t(withNotes ? "share_with_notes" : "share_without_notes");
      const done = (copied) => { this.say(t(copied ? "share_copied" : "share_copy_yourself", { length: link.length }) + " " + privacy); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(link).then(() => { done(true); }, () => { done(false); });
      else done(false);
    },

    /** Offer to import the assessment a share link carries; take the fragment out of the address bar. */
    checkLink() {
      const fragment = window.location.hash;
      if (fragment.indexOf("#" + PH.SHARE_KEY) !== 0) return;
      try { history.replaceState(null, "", window.location.pathname + window.location.search); } catch (error) { /* file:// in some browsers */ }
      this.offer(PH.decodeShare(this.model, fragment, this.t("imported_name")));
    },

    offerButton(key, action, className) {
      const b = el("button", { type: "button", text: this.t(key), className: className || "" });
      b.addEventListener("click", action);
      return b;
    },

    offer(result) {
      const t = this.t, heading = el("h2", { id: "offer-heading", tabindex: "-1", text: t("share_offer_heading") });
      const box = el("section", { className: "share-offer", "aria-labelledby": "offer-heading" }, [heading]);
      const close = () => { this.offerBox.replaceChildren(); };
      if (result.error) {
        box.append(el("p", { className: "share-error", text: t(result.error.key, result.error.values) }), this.offerButton("share_close", close));
      } else this.offerContent(box, result, close);
      this.offerBox.replaceChildren(box);
      heading.focus();
    },

    offerContent(box, result, close) {
      const t = this.t, linked = result.assessment, counted = PH.score(this.model, linked), facts = el("dl", { className: "facts" });
      [["share_name", linked.name], ["share_framework", t("share_framework_value", { title: this.model.title, version: result.version })],
       ["share_answers", t("progress", { answered: counted.answered, total: counted.total })],
       ["share_notes", t(result.notes ? "share_notes_included" : "share_notes_left_out")]].forEach((fact) => {
        facts.append(el("dt", { text: t(fact[0]) }), el("dd", { text: fact[1] }));
      });
      box.append(el("p", { text: t("share_offer_intro") }), facts);
      const notice = PH.upgradeNotice(this.model, linked, t);
      if (notice) box.appendChild(notice);
      box.appendChild(el("div", { className: "ask-buttons share-buttons" }, [
        this.offerButton("share_import", () => {
          linked.id = PH.newId();
          close();
          this.report(this.importedText(linked.name, this.addImported(linked)), result.problems);
          this.select.focus();
        }, "primary"),
        this.offerButton("share_not_now", () => { close(); this.say(t("share_dismissed")); this.select.focus(); })]));
    },

    showNotice() {
      const notice = PH.upgradeNotice(this.model, this.assessment(), this.t);
      this.noticeBox.replaceChildren();
      if (!notice) return;
      const hide = el("button", { type: "button", text: this.t("upgrade_dismiss") });
      hide.addEventListener("click", () => {
        PH.acknowledgeUpgrade(this.model, this.assessment());
        this.touch();
        this.show(true);
        this.say(this.t("upgrade_dismissed"));
        this.select.focus();
      });
      notice.appendChild(el("p", {}, [hide]));
      this.noticeBox.appendChild(notice);
    }
  });
})();
