"""The self-assessment in a real Chromium: answering, figures, saving, export and import, safety."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import run_build, write_project
from tests.browser.conftest import AssessmentPage, decimal, expect, expected_figures, load_framework


MINUS = "\u2212"


def expect_names(view: AssessmentPage, names: list[str]) -> None:
    """Wait until the assessment selector lists exactly these names, in this order."""
    expect(view.page.locator("#assessment-select option")).to_have_text(names)


def delete_all(view: AssessmentPage) -> None:
    """Delete all data through the toolbar and its dialog; return once the page has done it."""
    view.toolbar("Delete all my data").click()
    view.dialog_button("Delete all my data").click()
    # The dialog's close handler does the work after the dialog hides: wait for what it says.
    expect(view.page.locator(".toolbar .messages")).to_have_text(view.strings()["deleted_all"])


def plan_for(framework: dict) -> dict:
    """A varied set of answers: every level used, one "not sure", one "not relevant", targets varied."""
    levels = [level["id"] for level in framework["levels"]]
    plan = {}
    for index, function in enumerate(framework["functions"]):
        current = levels[(index * 2 + 1) % len(levels)]
        target = levels[min(len(levels) - 1, (index + 1) % len(levels) + 1)]
        plan[function["id"]] = (current, target)
    ids = [function["id"] for function in framework["functions"]]
    plan[ids[1]] = ("unsure", plan[ids[1]][1])
    plan[ids[-1]] = ("na", plan[ids[-1]][1])
    return plan


ENGLISH = {"level_value": "{position} {level}", "not_sure": "Not sure", "not_relevant": "Not relevant to us",
           "not_answered": "Not answered"}


def level_cell(framework: dict, level_id: str | None, status: str | None = None, strings: dict = ENGLISH) -> str:
    for level in framework["levels"]:
        if level["id"] == level_id:
            return strings["level_value"].format(position=level["position"], level=level["name"])
    return strings[{"unsure": "not_sure", "na": "not_relevant"}.get(status, "not_answered")]


def check_figures(view: AssessmentPage, framework: dict, plan: dict, language: str = "en") -> None:
    """Compare every figure on the page with the same formulas computed in Python, in the page's words."""
    want, say = expected_figures(framework, plan), view.strings()
    total = len(framework["functions"])
    count = len(framework["levels"])
    assert view.text("#progress-text") == say["progress"].format(answered=want["answered"], total=total)
    assert view.text("#overall-mean") == decimal(want["rounded"], language)
    assert float(view.page.get_attribute("#overall-mean", "value")) == pytest.approx(want["rounded"])
    between = (say["at_level"].format(lower=want["lower"]) if want["lower"] == want["upper"]
               else say["between_levels"].format(lower=want["lower"], upper=want["upper"]))
    assert view.text("#overall-text") == between
    assert view.text(".overall-figure").endswith(say["of_levels"].format(count=count))
    excluded = want["unsure"] + want["na"]
    assert view.text("#fact-excluded") == say["excluded_value"].format(excluded=excluded, unsure=want["unsure"],
                                                                        na=want["na"])
    assert view.text("#fact-scored") == say["scored_value"].format(
        scored=total - excluded - (total - want["answered"]), total=total)
    assert view.text("#fact-mean-gap") == decimal(want["mean_gap"], language)
    assert view.text("#fact-below-target") == str(len(want["next_steps"]))
    profile = view.page.eval_on_selector_all(
        "table.profile tbody tr", "rows => Object.fromEntries(rows.map(r => [r.dataset.level, r.querySelector('.count').textContent]))")
    assert profile == {level: str(n) for level, n in want["profile"].items()}
    table = view.table()
    for row in want["rows"]:
        current, target = plan[row["id"]]
        gap = "–" if row["gap"] is None else (f"+{row['gap']}" if row["gap"] > 0 else str(row["gap"]).replace("-", MINUS))
        assert table[row["id"]] == [level_cell(framework, current, current, say), level_cell(framework, target, None, say), gap]
    order = view.page.eval_on_selector_all("#next-steps > li", "items => items.map(i => i.dataset.function)")
    assert order == want["next_steps"]
    # The written formula shows the very numbers used.
    positions = " + ".join(str(row["current"]) for row in want["rows"] if row["current"])
    assert f"({positions}) ÷ " in view.text(".formulas")


def test_figures_match_the_formulas(handbook_site, serve_site, open_assessment):
    framework = load_framework(handbook_site)
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    plan = plan_for(framework)
    first, *rest = list(plan.items())
    view.answer(first[0], *first[1])
    assert "Incomplete." in view.text(".completeness")
    assert view.text("#progress-text") == f"1 of {len(plan)} answered"
    view.answer_all(dict(rest))
    assert view.text(".completeness").startswith("Complete.")
    check_figures(view, framework, plan)
    # The first next step shows the next level's description, the actions and a link to the guidance.
    step = view.page.locator("#next-steps > li").first
    function = next(f for f in framework["functions"] if f["id"] == step.get_attribute("data-function"))
    current_id = plan[function["id"]][0]
    position = next(level["position"] for level in framework["levels"] if level["id"] == current_id)
    next_level = framework["levels"][position]
    assert function["levels"][next_level["id"]]["description"] in step.inner_text()
    for action in function["levels"][current_id]["actions"]:
        assert action in step.inner_text()
    assert step.locator("a").get_attribute("href") == f"{function['url']}#{next_level['id']}"
    # A radar with one axis per function, current and target drawn with different shapes.
    assert view.page.locator("svg.chart .chart-grid line").count() == len(framework["functions"])
    assert view.page.locator("svg.chart .series-target rect.marker").count() == len(framework["functions"])
    # The live region announces a short summary, not the whole results.
    view.page.wait_for_function("n => document.querySelector('.visually-hidden[role=status]').textContent.startsWith(n + ' of')",
                                arg=len(plan))
    announced = view.page.locator(".visually-hidden[role=status]").inner_text()
    assert announced.startswith(f"{len(plan)} of {len(plan)} answered") and len(announced) < 200
    assert view.errors == []


def test_signs_and_guidance_on_demand(handbook_site, serve_site, open_assessment):
    framework = load_framework(handbook_site)
    function = framework["functions"][0]
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    details = view.page.locator(f"#q-{function['id']} details.level-signs")
    sign = function["levels"]["basic"]["signs"][0]
    assert not view.page.get_by_text(sign).is_visible()
    details.locator("summary").click()
    assert view.page.get_by_text(sign).is_visible()
    label = view.page.locator(f"label[for=current-{function['id']}-basic]").inner_text()
    assert "Basic" in label and function["levels"]["basic"]["descriptor"] in label
    assert view.page.locator(f"#q-{function['id']} .question-summary a").get_attribute("href") == function["url"]


def test_not_sure_and_not_relevant_are_excluded(handbook_site, serve_site, open_assessment):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    plan = {ids[0]: ("dynamic", "dynamic"), ids[1]: ("basic", "proactive"), ids[2]: ("unsure", "proactive"),
            ids[3]: ("na", "proactive")}
    view.answer_all(plan)
    assert view.text("#overall-mean") == "2.5"
    assert view.text("#fact-excluded") == "2 (1 not sure, 1 not relevant)"
    assert view.text("#fact-scored") == f"2 of {len(ids)}"
    assert view.text("#progress-text") == f"4 of {len(ids)} answered"
    assert view.text("#fact-mean-gap") == "1.0"  # (4-4 + 3-1) / 2; not-sure and not-relevant have no gap
    assert view.page.eval_on_selector_all("#next-steps > li", "l => l.map(i => i.dataset.function)") == [ids[1]]
    assert "Incomplete." in view.text(".completeness")


def test_reload_keeps_everything(handbook_site, serve_site, open_assessment):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    base = serve_site(handbook_site)
    view = open_assessment(base + "assessment.html")
    assert view.stored() == {}, "nothing is stored before the reader answers"
    view.answer(ids[0], "reactive", "dynamic", "Ask Anna\nabout the plan")
    view.answer(ids[1], "na")
    view.choose_name("Rename", "Partner: Contoso")
    view.page.reload()
    view.page.wait_for_selector("#results h2")
    assert view.page.is_checked(f"#current-{ids[0]}-reactive") and view.page.is_checked(f"#target-{ids[0]}-dynamic")
    assert view.page.is_checked(f"#current-{ids[1]}-na")
    assert view.page.input_value(f"#note-{ids[0]}") == "Ask Anna\nabout the plan"
    assert view.names() == ["Partner: Contoso"]
    stored = view.stored()
    key = f"partnering-handbook:v1:{framework['id']}:/handbook/"
    assert list(stored) == [key]
    saved = stored[key]
    assert saved["schema"] == 1 and saved["current"] in saved["assessments"]
    assessment = saved["assessments"][saved["current"]]
    assert assessment["format"] == "partnering-handbook-assessment" and assessment["schema"] == 1
    assert assessment["framework"] == {"id": framework["id"], "version": framework["version"]}
    assert assessment["name"] == "Partner: Contoso"
    # Answers name levels by id; the release they were made under is the framework's version, no wording.
    assert assessment["answers"][ids[0]] == {"current": "reactive", "target": "dynamic", "note": "Ask Anna\nabout the plan"}
    assert assessment["answers"][ids[2]] == {"current": None, "target": "proactive", "note": ""}
    assert set(assessment["answers"]) == set(ids)


def test_create_rename_duplicate_delete(handbook_site, serve_site, open_assessment):
    ids = [function["id"] for function in load_framework(handbook_site)["functions"]]
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    view.answer(ids[0], "proactive")
    view.choose_name("Rename", "Us, March 2027")
    view.choose_name("Duplicate", "Us, April 2027")
    assert view.names() == ["Us, March 2027", "Us, April 2027"]
    assert view.page.is_checked(f"#current-{ids[0]}-proactive"), "a duplicate keeps the answers"
    view.answer(ids[0], "dynamic")
    view.choose_name("New", "Partner: Contoso")
    assert view.names() == ["Us, March 2027", "Us, April 2027", "Partner: Contoso"]
    assert not view.page.is_checked(f"#current-{ids[0]}-dynamic"), "a new assessment starts empty"
    view.page.select_option("#assessment-select", label="Us, March 2027")
    assert view.page.is_checked(f"#current-{ids[0]}-proactive")
    check_delete_asks_first(view)
    check_delete_all_keeps_other_keys(view)
    assert view.dialogs == [] and view.errors == []


def check_delete_asks_first(view: AssessmentPage) -> None:
    """Check that Delete asks first, that cancelling keeps the assessment, and that confirming deletes it."""
    delete = view.toolbar("Delete")
    delete.click()
    expect(view.page.locator("dialog.ask")).to_be_visible()
    assert "Us, March 2027" in view.text("#ask-title")
    view.dialog_button("Cancel").click()
    expect(delete).to_be_focused()  # the close handler has run (it gives focus back)
    assert view.names() == ["Us, March 2027", "Us, April 2027", "Partner: Contoso"]
    delete.click()
    view.page.keyboard.press("Escape")
    expect(delete).to_be_focused()
    assert len(view.names()) == 3
    delete.click()
    view.dialog_button("Delete").click()
    expect_names(view, ["Us, April 2027", "Partner: Contoso"])
    view.page.reload()
    view.page.wait_for_selector("#results h2")
    assert view.names() == ["Us, April 2027", "Partner: Contoso"]


def check_delete_all_keeps_other_keys(view: AssessmentPage) -> None:
    """Check that "Delete all my data" removes every key this handbook stored, and only those."""
    view.page.evaluate("localStorage.setItem('partnering-handbook:v1:other-framework:/handbook/', '{}')")
    view.page.evaluate("localStorage.setItem('partnering-handbook:v0:partnering-collaboration-framework:/handbook/', '{}')")
    delete_all(view)
    assert list(view.stored()) == ["partnering-handbook:v1:other-framework:/handbook/"]
    view.page.reload()
    view.page.wait_for_selector("#results h2")
    assert view.names() == [view.strings()["first_name"]]


def export(view: AssessmentPage, button: str) -> tuple[str, bytes]:
    with view.page.expect_download() as info:
        view.toolbar(button).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_export_import_round_trip_and_csv(handbook_site, serve_site, open_assessment, tmp_path):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    plan = plan_for(framework)
    view.answer_all(plan)
    view.answer(ids[0], note="=SUM(A1:A9)")
    view.answer(ids[2], note='+1, "quoted"; @x')
    view.choose_name("Rename", "Our company, 2027")
    exported_bytes = check_json_export(view, framework, plan)
    check_csv_export(view, framework, plan)
    check_import_brings_it_back(view, framework, plan, exported_bytes, tmp_path)


def check_json_export(view: AssessmentPage, framework: dict, plan: dict) -> bytes:
    """Export JSON, check the file's name and content, and return its bytes."""
    ids = [function["id"] for function in framework["functions"]]
    name, exported_bytes = export(view, "Export JSON")
    assert name == "Our-company-2027.json"
    exported = json.loads(exported_bytes)
    assert exported["format"] == "partnering-handbook-assessment" and exported["schema"] == 1
    assert exported["framework"] == {"id": framework["id"], "version": framework["version"]}
    assert {"id", "name", "created", "updated", "answers"} <= set(exported)
    assert {fid: (a["current"], a["target"]) for fid, a in exported["answers"].items()} == plan
    assert exported["answers"][ids[0]]["note"] == "=SUM(A1:A9)"
    return exported_bytes


def check_csv_export(view: AssessmentPage, framework: dict, plan: dict) -> None:
    """Export CSV and check its name, header, figures and the neutralised formula-like notes."""
    ids = [function["id"] for function in framework["functions"]]
    name, raw = export(view, "Export CSV")
    assert name == "Our-company-2027.csv"
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["function_id", "function", "current_id", "current", "current_position", "target_id",
                       "target", "target_position", "gap", "note"]
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == set(ids)
    assert by_id[ids[0]][9] == "'=SUM(A1:A9)"
    assert by_id[ids[2]][9] == "'+1, \"quoted\"; @x"
    want = expected_figures(framework, plan)
    for row in want["rows"]:
        assert by_id[row["id"]][8] == ("" if row["gap"] is None else str(row["gap"]))
        assert by_id[row["id"]][4] == ("" if row["current"] is None else str(row["current"]))
    assert by_id[ids[1]][2:4] == ["unsure", "Not sure"]


def check_import_brings_it_back(view: AssessmentPage, framework: dict, plan: dict,
                                exported_bytes: bytes, tmp_path: Path) -> None:
    """Import the export into a clean browser state and check the same assessment comes back."""
    ids = [function["id"] for function in framework["functions"]]
    exported = json.loads(exported_bytes)
    delete_all(view)
    expect(view.page.locator(f"#current-{ids[0]}-{plan[ids[0]][0]}")).not_to_be_checked()
    path = tmp_path / "export.json"
    path.write_bytes(exported_bytes)
    view.page.set_input_files("#import-file", str(path))
    # The file is read asynchronously and the messages still hold the deletion's: wait for the import's.
    expect(view.page.locator(".toolbar .messages")).to_have_text(view.strings()["imported"].replace("{name}", "Our company, 2027"))
    assert "Our company, 2027" in view.names()
    assert view.page.input_value("#assessment-select") == exported["id"]
    check_figures(view, framework, plan)
    assert view.page.input_value(f"#note-{ids[0]}") == "=SUM(A1:A9)"
    _, again = export(view, "Export JSON")
    assert json.loads(again)["answers"] == exported["answers"]


def import_file(view: AssessmentPage, tmp_path: Path, content, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    view.page.evaluate("document.querySelector('.messages').replaceChildren()")
    view.page.set_input_files("#import-file", str(path))
    view.page.wait_for_selector(".messages p")
    return view.text(".messages")


def test_import_messages(handbook_site, serve_site, open_assessment, tmp_path):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    assert "larger than 1 MB" in import_file(view, tmp_path, b" " * (1024 * 1024 + 1), "big.json")
    assert "not valid JSON" in import_file(view, tmp_path, b"{nope", "bad.json")
    assert "not an assessment" in import_file(view, tmp_path, {"hello": 1})
    other = {"format": "partnering-handbook-assessment", "schema": 1,
             "framework": {"id": "someone-elses-framework", "version": "1"}, "name": "X", "answers": {}}
    message = import_file(view, tmp_path, other)
    assert "another framework" in message and "someone-elses-framework" in message
    assert "format version 7" in import_file(view, tmp_path, dict(other, schema=7))
    first_name = view.strings()["first_name"]
    assert view.names() == [first_name], "nothing was imported"
    odd = dict(other, framework={"id": framework["id"], "version": "0.9"}, name="Odd", id="x" * 200,
               answers={"no-such-function": {"current": "basic"},
                        ids[0]: {"current": "legendary", "target": "dynamic", "note": 5},
                        ids[1]: {"current": "reactive", "target": "unsure"},
                        ids[2]: {"current": "na", "target": None, "note": "fine"}})
    message = import_file(view, tmp_path, odd)
    assert message.startswith("Imported “Odd”.")
    assert "unknown function: no-such-function" in message
    assert "unknown level legendary in" in message and "unknown level unsure in" in message
    assert "version 0.9" in message
    assert view.names() == ["Odd"], "the untouched default gave way to the first import"
    assert not view.page.locator(f"input[name=current-{ids[0]}]:checked").count()
    assert view.page.is_checked(f"#target-{ids[0]}-dynamic")
    assert view.page.is_checked(f"#current-{ids[1]}-reactive")
    assert not view.page.locator(f"input[name=target-{ids[1]}]:checked").count()
    assert view.page.is_checked(f"#current-{ids[2]}-na") and view.page.input_value(f"#note-{ids[2]}") == "fine"
    stored = next(iter(view.stored().values()))
    assert "no-such-function" not in json.dumps(stored)
    assert view.errors == []


HOSTILE = ['<img src=x onerror="window.__pwned=1;alert(1)">', "<script>window.__pwned=2;alert(2)</script>",
           '"><svg onload="window.__pwned=3">']


def test_hostile_import_runs_no_script(handbook_site, serve_site, open_assessment, tmp_path):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    hostile = {"format": "partnering-handbook-assessment", "schema": 1,
               "framework": {"id": framework["id"], "version": framework["version"]},
               "id": "<b>x</b>", "name": HOSTILE[0], "created": "<script>", "updated": HOSTILE[2],
               "answers": {HOSTILE[1]: {"current": "basic"},
                           ids[0]: {"current": "basic", "target": "dynamic", "note": HOSTILE[1],
                                    "wording": {"current": HOSTILE[2]}},
                           ids[1]: {"current": HOSTILE[2], "target": "proactive", "note": HOSTILE[0]}}}
    message = import_file(view, tmp_path, hostile)
    assert HOSTILE[0] in message and HOSTILE[1] in message and HOSTILE[2] in message
    view.page.wait_for_timeout(300)
    assert view.page.evaluate("window.__pwned") is None
    assert view.dialogs == []
    assert view.page.locator("main img, main script:not([type='application/json']), #results svg[onload]").count() == 0
    assert HOSTILE[0] in view.names()
    assert view.text("#results-heading") == f"Results: {HOSTILE[0]}"
    assert view.text(f"#levels-table tr[data-function={ids[0]}] .cell-note") == HOSTILE[1]
    assert HOSTILE[0] in view.text("#results")
    view.page.reload()
    view.page.wait_for_selector("#results h2")
    assert view.page.evaluate("window.__pwned") is None and view.dialogs == [] and view.errors == []


def tab_to(page, script: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies ``script`` (a JS predicate on it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {script})(document.activeElement)"):
            return
    raise AssertionError(f"focus never reached: {script}")


def test_keyboard_only_completion(handbook_site, serve_site, open_assessment):
    framework = load_framework(handbook_site)
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    page = view.page
    tab_to(page, "el.id === 'assessment-select'")
    tab_to(page, "el.textContent === 'Rename'", 3)
    page.keyboard.press("Enter")
    page.keyboard.press("Control+a")
    page.keyboard.type("Typed by keyboard")
    page.keyboard.press("Enter")
    # The dialog's close event, which gives focus back to Rename, comes a task after Enter: wait for
    # the name its handler selects, or a Tab pressed meanwhile is undone by it (focus jumps back).
    expect(page.locator("#assessment-select option:checked")).to_have_text("Typed by keyboard")
    expect(page.locator(".toolbar").get_by_role("button", name="Rename", exact=True)).to_be_focused()
    for index, function in enumerate(framework["functions"]):
        tab_to(page, f"el.name === 'current-{function['id']}'")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), "focus is visible"
        page.keyboard.press("Space")  # the first level
        for _ in range(index % len(framework["levels"])):
            page.keyboard.press("ArrowDown")
        tab_to(page, f"el.name === 'target-{function['id']}'", 4)
        page.keyboard.press("ArrowRight")
        tab_to(page, f"el.id === 'note-{function['id']}'", 2)
        page.keyboard.type(f"note {index}")
    assert view.text(".completeness").startswith("Complete.")
    assert view.names() == ["Typed by keyboard"]
    levels = framework["levels"]
    for index, function in enumerate(framework["functions"]):
        level = levels[index % len(levels)]["id"]
        assert page.is_checked(f"#current-{function['id']}-{level}")
        assert page.input_value(f"#note-{function['id']}") == f"note {index}"
    plan = {}
    for index, function in enumerate(framework["functions"]):
        target = page.eval_on_selector(f"input[name=target-{function['id']}]:checked", "el => el.value")
        plan[function["id"]] = (levels[index % len(levels)]["id"], target)
    check_figures(view, framework, plan)


def test_works_from_file_url(handbook_site, open_assessment):
    framework = load_framework(handbook_site)
    view = open_assessment((handbook_site / "assessment.html").as_uri())
    plan = plan_for(framework)
    view.answer_all(plan)
    check_figures(view, framework, plan)
    view.page.reload()
    view.page.wait_for_selector("#results h2")
    check_figures(view, framework, plan)
    assert list(view.stored()) == [f"partnering-handbook:v1:{framework['id']}:{handbook_site.as_uri()[7:]}/"]
    assert view.errors == []


def test_two_handbooks_on_one_origin(two_handbooks, serve_site, browser, open_assessment):
    ids = [function["id"] for function in load_framework(two_handbooks / "one")["functions"]]
    for base in (serve_site(two_handbooks, prefix=""), two_handbooks.as_uri() + "/"):
        context = browser.new_context()
        try:
            one = open_assessment(base + "one/assessment.html", context=context)
            one.answer(ids[0], "dynamic", note="only in one")
            one.choose_name("Rename", "Handbook one")
            two = open_assessment(base + "two/assessment.html", context=context)
            assert two.names() == [two.strings()["first_name"]]
            assert not two.page.is_checked(f"#current-{ids[0]}-dynamic")
            assert two.page.input_value(f"#note-{ids[0]}") == ""
            two.answer(ids[0], "basic")
            delete_all(two)
            one.page.reload()
            one.page.wait_for_selector("#results h2")
            assert one.names() == ["Handbook one"] and one.page.is_checked(f"#current-{ids[0]}-dynamic")
            assert len(one.stored()) == 1
        finally:
            context.close()


def test_second_framework_with_three_levels(second_site, serve_site, open_assessment):
    framework = load_framework(second_site)
    assert len(framework["levels"]) == 3 and framework["suggested_target"] is None
    view = open_assessment(serve_site(second_site, prefix="kooperation") + "assessment.html")
    ids = [function["id"] for function in framework["functions"]]
    assert not view.page.locator("input[name^=target-]:checked").count(), "no suggested target, none preset"
    assert view.text("#progress-text") == view.strings()["progress"].format(answered=0, total=len(ids))
    plan = plan_for(framework)
    view.answer_all(plan)
    check_figures(view, framework, plan, language="de")
    assert view.page.locator("svg.chart .chart-grid polygon").count() == 3
    view.page.reload()
    view.page.wait_for_selector("#results h2")
    check_figures(view, framework, plan, language="de")
    assert list(view.stored()) == [f"partnering-handbook:v1:{framework['id']}:/kooperation/"]
    assert view.errors == []


def test_bars_instead_of_radar_below_three_functions(tmp_path, open_assessment):
    project = write_project(tmp_path / "tiny", {})
    out = tmp_path / "site"
    result = run_build("--project", project, "--out", out, "--strict")
    assert result.returncode == 0, result.stderr
    view = open_assessment((out / "assessment.html").as_uri())
    view.answer("alpha", "low", "high")
    assert view.page.locator("svg.chart .bar").count() == 2
    assert view.page.locator("svg.chart .chart-grid polygon").count() == 0
    assert view.text("#overall-text") == "at Low"
    assert view.text("#levels-table tbody tr td.cell-gap") == "+1"
    assert "Low" in view.text("#next-steps")


@pytest.mark.parametrize("site_name", ["handbook_site", "rtl_site"])
def test_print_shows_only_the_report(request, site_name, serve_site, open_assessment):
    site = request.getfixturevalue(site_name)
    framework = load_framework(site)
    view = open_assessment(serve_site(site) + "assessment.html")
    view.answer_all(plan_for(framework))
    view.page.emulate_media(media="print")
    for hidden in (".toolbar", "#worksheet", ".progress", ".site-nav", ".privacy"):
        assert not view.page.locator(hidden).first.is_visible(), hidden
    for shown in ("#results-heading", "svg.chart", "#levels-table", "#next-steps", ".formulas", "h1"):
        assert view.page.locator(shown).first.is_visible(), shown
    pdf = view.page.pdf(format="A4")
    letter = view.page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF") and letter.startswith(b"%PDF")


def test_without_javascript_the_worksheet_shows(handbook_site, serve_site, browser):
    framework = load_framework(handbook_site)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(serve_site(handbook_site) + "assessment.html")
        assert page.locator(".noscript").is_visible()
        assert page.locator("fieldset.question").count() == len(framework["functions"])
        assert page.locator(".toolbar, #results").count() == 0
        assert page.locator(f"input[name=target-{framework['functions'][0]['id']}]:checked").get_attribute("value") == "proactive"
    finally:
        context.close()


def test_one_global_with_the_reusable_parts(handbook_site, serve_site, open_assessment):
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    api = view.page.evaluate("Object.keys(window.PartneringHandbook)")
    for name in ("readFramework", "validateAssessment", "openStore", "score", "drawChart", "assessmentCSV"):
        assert name in api
    csv_cells = view.page.evaluate("['=1', '+1', '-1', '@x', 'plain', -1].map(PartneringHandbook.csvCell)")
    assert csv_cells == ["'=1", "'+1", "'-1", "'@x", "plain", "-1"]


from tests.support.tools import AXE_JS as AXE, require_tool  # noqa: E402


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_filled_in_page(handbook_site, serve_site, open_assessment, scheme):
    require_tool("axe-core")
    framework = load_framework(handbook_site)
    # axe is injected as a script, which the page's own CSP rightly forbids.
    view = open_assessment(serve_site(handbook_site) + "assessment.html", bypass_csp=True, color_scheme=scheme)
    plan = plan_for(framework)
    view.answer_all(plan)
    view.answer(framework["functions"][0]["id"], note="A note")
    view.page.locator("details.level-signs summary").first.click()
    view.page.add_script_tag(path=str(AXE))
    violations = view.page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}});
        return r.violations.map(v => v.id + ': ' + v.help + ' -- ' + v.nodes.map(n => n.target.join(' ')).join('; '));
    }""")
    assert violations == []
    view.toolbar("Delete").click()
    violations = view.page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}});
        return r.violations.map(v => v.id + ': ' + v.help + ' -- ' + v.nodes.map(n => n.target.join(' ')).join('; '));
    }""")
    assert violations == [], "with the delete dialog open"
