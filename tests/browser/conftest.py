"""Helpers for the self-assessment's browser tests: open the page, answer, score in Python."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.browser import keep_local


def expect(target, **options):
    """Playwright's auto-waiting expect, imported when used (a missing Playwright is reported by the browser fixture)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target, **options)


def load_framework(site: Path) -> dict:
    """Read the framework as the build published it (site/framework.json)."""
    return json.loads((site / "framework.json").read_text(encoding="utf-8"))


def expected_figures(framework: dict, answers: dict) -> dict:
    """Compute the figures from the formulas written on the page, independently of the page's script.

    ``answers`` maps function id -> (current, target): a level id, "unsure", "na" or None.
    """
    position = {level["id"]: level["position"] for level in framework["levels"]}
    by_position = {level["position"]: level for level in framework["levels"]}
    rows = []
    for index, function in enumerate(framework["functions"]):
        current, target = answers.get(function["id"], (None, framework.get("suggested_target")))
        now = position.get(current)
        goal = position.get(target)
        rows.append({"id": function["id"], "current": now, "target": goal, "status": current,
                     "gap": goal - now if now and goal else None, "index": index})
    scored = [row["current"] for row in rows if row["current"]]
    mean = sum(scored) / len(scored) if scored else None
    rounded = round(mean + 1e-9, 1) if mean is not None else None
    gaps = [row["gap"] for row in rows if row["gap"] is not None]
    below = sorted((row for row in rows if row["gap"] and row["gap"] > 0), key=lambda r: (-r["gap"], r["index"]))
    return {
        "rows": rows, "mean": mean, "rounded": rounded,
        "lower": by_position[int(rounded // 1)]["name"] if scored else None,
        "upper": by_position[-int(-rounded // 1)]["name"] if scored else None,
        "answered": sum(1 for row in rows if row["status"]),
        "unsure": sum(1 for row in rows if row["status"] == "unsure"),
        "na": sum(1 for row in rows if row["status"] == "na"),
        "profile": {level["id"]: sum(1 for row in rows if row["current"] == level["position"])
                    for level in framework["levels"]},
        "mean_gap": sum(gaps) / len(gaps) if gaps else None,
        "next_steps": [row["id"] for row in below],
    }


def decimal(value: float, language: str) -> str:
    """Format a figure with one decimal as the page does for its language."""
    text = f"{value + 1e-9:.1f}"
    return text.replace(".", ",") if language == "de" else text


class AssessmentPage:
    """A reader's view of the self-assessment page."""

    def __init__(self, page, url: str) -> None:
        self.page, self.url = page, url
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self) -> "AssessmentPage":
        self.page.goto(self.url)
        self.page.wait_for_selector("#results h2")
        return self

    def answer(self, function_id: str, current: str | None = None, target: str | None = None,
               note: str | None = None) -> None:
        if current:
            self.page.check(f"#current-{function_id}-{current}")
        if target:
            self.page.check(f"#target-{function_id}-{target}")
        if note is not None:
            self.page.fill(f"#note-{function_id}", note)

    def answer_all(self, answers: dict) -> None:
        for function_id, (current, target) in answers.items():
            self.answer(function_id, current, target)

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text().strip()

    def table(self) -> dict:
        """The chart's data table: {function id: (today, target, gap)}."""
        return self.page.eval_on_selector_all(
            "#levels-table tbody tr",
            "rows => Object.fromEntries(rows.map(r => [r.dataset.function,"
            " [...r.querySelectorAll('td')].slice(0, 3).map(td => td.textContent)]))")

    def stored(self) -> dict:
        """Every localStorage entry of the page's origin, parsed."""
        return self.page.evaluate(
            "() => Object.fromEntries(Object.keys(localStorage).map(k => [k, JSON.parse(localStorage.getItem(k))]))")

    def dialog_button(self, name: str):
        return self.page.locator("dialog.ask").get_by_role("button", name=name, exact=True)

    def toolbar(self, name: str):
        return self.page.locator(".toolbar").get_by_role("button", name=name, exact=True)

    def choose_name(self, action: str, name: str) -> None:
        """Press a toolbar button that asks for a name, type it and confirm."""
        self.toolbar(action).click()
        self.page.fill("#ask-input", name)
        self.page.keyboard.press("Enter")
        # The dialog hides before its close handler runs: wait for the name that handler selects.
        expect(self.page.locator("#assessment-select option:checked")).to_have_text(name)

    def names(self) -> list[str]:
        return self.page.eval_on_selector_all("#assessment-select option", "os => os.map(o => o.textContent)")

    def strings(self) -> dict:
        """The script's strings as the site under test publishes them (theme defaults and overrides)."""
        return self.page.evaluate("JSON.parse(document.getElementById('ui-strings').textContent)")


@pytest.fixture
def open_assessment(browser):
    """Factory: open_assessment(url, **context options) -> AssessmentPage in a fresh context."""
    contexts = []

    def open_(url: str, context=None, **options) -> AssessmentPage:
        if context is None:
            options.setdefault("accept_downloads", True)
            context = browser.new_context(**options)
            contexts.append(context)
            origin = "/".join(url.split("/")[:3]) if url.startswith("http") else None
            keep_local(context, origin)
        return AssessmentPage(context.new_page(), url).open()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def two_handbooks(tmp_path_factory, handbook_site) -> Path:
    """A folder holding two copies of the built handbook, in one/ and two/ (one origin, two sites)."""
    parent = tmp_path_factory.mktemp("two-handbooks")
    for name in ("one", "two"):
        shutil.copytree(handbook_site, parent / name)
    return parent
