"""The self-assessment's scripts against hostile ids, full storage, long names and share links, in Chromium."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import AssessmentPage, expect, load_framework
from tests.conftest import LONG_NAMES, run_build, write_project
from tests.gates.test_layout_shift import _SHIFTS_JS, CPU_SLOWDOWN

ID_RULE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def fill(text: str, **values) -> str:
    """Fill a string's {placeholders} as the page's translator does."""
    return re.sub(r"\{(\w+)\}", lambda match: str(values.get(match.group(1), match.group(0))), text)


def prototype_names(view: AssessmentPage) -> list[str]:
    """Every property name of Object.prototype in this browser: the names a plain object confuses."""
    return view.page.evaluate("Object.getOwnPropertyNames(Object.prototype)")


def assessment_file(framework: dict, name: str, answers: dict, ident: str | None = None) -> dict:
    """An exported assessment of ``framework`` with {function id: {current, target, ...}} answers."""
    exported = {"format": "partnering-handbook-assessment", "schema": 1,
                "framework": {"id": framework["id"], "version": framework["version"]},
                "name": name, "created": "2027-03-01T10:00:00.000Z", "updated": "2027-03-02T10:00:00.000Z",
                "answers": answers}
    if ident is not None:
        exported["id"] = ident
    return exported


def import_file(view: AssessmentPage, tmp_path: Path, content: dict, name: str = "in.json") -> str:
    """Import a file through the page's file input; return the message the page shows."""
    path = tmp_path / name
    path.write_text(json.dumps(content), encoding="utf-8")
    view.page.evaluate("document.querySelector('.toolbar .messages').replaceChildren()")
    view.page.set_input_files("#import-file", str(path))
    view.page.wait_for_selector(".toolbar .messages p")
    return view.text(".toolbar .messages")


def saved_state(view: AssessmentPage) -> dict:
    """The one state this handbook stored in the page's origin, parsed in Python (keys such as __proto__ kept)."""
    stored = view.page.evaluate("() => Object.keys(localStorage).map(k => localStorage.getItem(k))")
    assert len(stored) == 1, stored
    return json.loads(stored[0])


def reload(view: AssessmentPage) -> None:
    view.page.reload()
    view.page.wait_for_selector("#results h2")


def answer_first(view: AssessmentPage, framework: dict) -> None:
    """Answer one question, so the first assessment is the reader's own work (not an untouched default)."""
    view.answer(framework["functions"][0]["id"], framework["levels"][0]["id"])


# ------------------------------------------------------------------ 5: ids named like Object.prototype's properties


def test_prototype_names_as_assessment_ids_are_stored_and_reloaded(handbook_site, serve_site, open_assessment, tmp_path):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    levels = [level["id"] for level in framework["levels"]]
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    strings = view.strings()
    answer_first(view, framework)
    names = prototype_names(view)
    assert "__proto__" in names and "constructor" in names and "hasOwnProperty" in names
    for index, ident in enumerate(names):
        answers = {ids[0]: {"current": levels[index % len(levels)], "target": levels[-1], "note": f"note of {ident}"}}
        message = import_file(view, tmp_path, assessment_file(framework, f"Id {ident}", answers, ident), f"{index}.json")
        assert message == fill(strings["imported"], name=f"Id {ident}")
        expect(view.page.locator("#assessment-select option:checked")).to_have_text(f"Id {ident}")
        assert view.page.input_value("#assessment-select") == ident
        assert view.page.input_value(f"#note-{ids[0]}") == f"note of {ident}"
    expected = [strings["first_name"]] + [f"Id {ident}" for ident in names]
    assert view.names() == expected
    reload(view)
    assert view.names() == expected
    state = saved_state(view)
    assert state["current"] == names[-1]
    for index, ident in enumerate(names):
        assert state["assessments"][ident]["id"] == ident
        assert state["assessments"][ident]["answers"][ids[0]]["current"] == levels[index % len(levels)]
        view.page.select_option("#assessment-select", value=ident)
        assert view.page.is_checked(f"#current-{ids[0]}-{levels[index % len(levels)]}")
        assert view.page.input_value(f"#note-{ids[0]}") == f"note of {ident}"
    assert view.page.evaluate("() => Object.keys(Object.prototype).length + Object.getPrototypeOf({}).constructor.name") == "0Object"
    # The compare page reads the same store: every one is there to pick.
    view.page.goto(serve_site(handbook_site) + "compare.html")
    picks = view.page.eval_on_selector_all("#compare-a option", "os => os.map(o => o.value)")
    assert sorted(picks[1:]) == sorted("s:" + ident for ident in state["assessments"])
    view.page.select_option("#compare-a", value="s:__proto__")
    view.page.select_option("#compare-b", value="s:constructor")
    expect(view.page.locator("#comparison-heading")).to_contain_text("Id __proto__")
    assert view.errors == [] and view.dialogs == []


def test_prototype_names_as_function_and_level_ids_in_an_import(handbook_site, serve_site, open_assessment, tmp_path):
    framework = load_framework(handbook_site)
    functions = framework["functions"]
    levels = [level["id"] for level in framework["levels"]]
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    strings = view.strings()
    answer_first(view, framework)
    names = prototype_names(view)
    for index, name in enumerate(names):
        answers = {name: {"current": levels[0], "target": levels[-1], "note": "lost"},
                   functions[0]["id"]: {"current": name, "target": name, "note": "kept"},
                   functions[1]["id"]: {"current": levels[1], "target": levels[2]}}
        message = import_file(view, tmp_path, assessment_file(framework, f"With {name}", answers), f"{index}.json")
        # Unknown to the framework (most are not even valid ids): each is reported, then left out.
        expected = [fill(strings["imported"], name=f"With {name}"), fill(strings["import_unknown_function"], id=name)]
        expected += [fill(strings["import_unknown_level"], id=name, function=functions[0]["name"])] * 2
        assert [line for line in message.splitlines() if line] == expected
        assert view.page.locator(f"input[name=current-{functions[0]['id']}]:checked").count() == 0
        assert view.page.input_value(f"#note-{functions[0]['id']}") == "kept"
        assert view.page.is_checked(f"#current-{functions[1]['id']}-{levels[1]}")
    reload(view)
    assert view.names() == [strings["first_name"]] + [f"With {name}" for name in names]
    imported = [a for a in saved_state(view)["assessments"].values() if a["name"].startswith("With ")]
    assert len(imported) == len(names)
    for assessment in imported:
        assert sorted(assessment["answers"]) == sorted(function["id"] for function in functions)
        assert assessment["answers"][functions[0]["id"]]["current"] is None
    assert view.errors == [] and view.dialogs == []


def valid_prototype_names(browser) -> list[str]:
    """The names on Object.prototype that the framework's id rule accepts as function and level ids."""
    page = browser.new_page()
    try:
        return [name for name in page.evaluate("Object.getOwnPropertyNames(Object.prototype)") if ID_RULE.match(name)]
    finally:
        page.close()


def prototype_project(root: Path, names: list[str]) -> Path:
    """A framework whose extra functions and middle levels are named like Object.prototype's properties."""
    level_ids = ["low"] + names + ["high"]
    function_ids = ["alpha", "beta"] + names
    levels = "".join(f"  - id: {level}\n    name: Level {level}\n    summary: The level {level}.\n" for level in level_ids)
    files = {"framework/framework.yaml": "id: tiny\ntitle: Tiny framework\nversion: \"1.0\"\ndescription: A framework for tests.\n"
                                         f"levels:\n{levels}functions:\n" + "".join(f"  - {fid}\n" for fid in function_ids)}
    for fid in function_ids:
        descriptors = "".join(f"  {level}: Descriptor {level}\n" for level in level_ids)
        files[f"framework/functions/{fid}.yaml"] = f"id: {fid}\nname: Function {fid}\nsummary: About {fid}.\ndescriptors:\n{descriptors}"
        sections = "".join(f"\n## Level {level} {{#{level}}}\n\nText.\n\n### Signs {{#{level}-signs}}\n\n- a sign\n"
                           + (f"\n### Actions {{#{level}-actions}}\n\n- an action\n" if level != "high" else "")
                           for level in level_ids)
        files[f"content/functions/{fid}.md"] = f"About {fid}.\n{sections}"
    return write_project(root, files, base={"content/index.md": "---\ntitle: Home\n---\nSee the [matrix](matrix.md).\n"})


def test_prototype_names_as_the_frameworks_own_ids(browser, open_assessment, tmp_path):
    names = valid_prototype_names(browser)
    assert "constructor" in names
    project = prototype_project(tmp_path / "project", names)
    out = tmp_path / "site"
    result = run_build("--project", project, "--out", out, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    view = open_assessment((out / "assessment.html").as_uri())
    for name in names:
        view.answer(name, name, "high", f"note on {name}")
    view.answer("alpha", "low", names[0])
    reload(view)
    for name in names:
        assert view.page.is_checked(f"#current-{name}-{name}") and view.page.is_checked(f"#target-{name}-high")
        assert view.page.input_value(f"#note-{name}") == f"note on {name}"
    assert view.page.is_checked(f"#target-alpha-{names[0]}")
    assessment = next(iter(saved_state(view)["assessments"].values()))
    assert {name: assessment["answers"][name]["current"] for name in names} == {name: name for name in names}
    # An exported file with these ids imports as it was.
    exported = dict(assessment, id="again", name="Again")
    message = import_file(view, tmp_path, exported)
    assert message == fill(view.strings()["imported"], name="Again")
    for name in names:
        assert view.page.is_checked(f"#current-{name}-{name}")
    assert view.errors == [] and view.dialogs == []


# ------------------------------------------------------------------ 14: a share link in a fresh browser


def share_link(view: AssessmentPage) -> str:
    """Make a share link of the current assessment through the page's own button."""
    view.toolbar(view.strings()["share_copy"]).click()
    expect(view.page.locator("#share-link")).not_to_have_value("")
    return view.page.input_value("#share-link")


def import_link(view: AssessmentPage, link: str) -> None:
    """Open a share link in the reader's page and accept its offer."""
    view.page.goto(link)
    view.page.locator(".share-offer").get_by_role("button", name=view.strings()["share_import"]).click()
    expect(view.page.locator(".share-offer")).to_have_count(0)


def check_a_changed_default_stays(open_assessment, url: str, link: str, framework: dict) -> None:
    """Check that a default the reader changed stays: answered, given a note or given another target."""
    ids = [function["id"] for function in framework["functions"]]
    levels = [level["id"] for level in framework["levels"]]
    for change in ("answer", "note", "target"):
        reader = open_assessment(url)
        first_name = reader.strings()["first_name"]
        if change == "answer":
            reader.answer(ids[1], levels[0])
        elif change == "note":
            reader.answer(ids[1], note="mine")
        else:
            reader.answer(ids[1], target=levels[0])
        import_link(reader, link)
        # Listed oldest first: the link carries the time the colleague last changed it.
        expect(reader.page.locator("#assessment-select option")).to_have_text(["Shared by a colleague", first_name])
        reload(reader)
        assert reader.names() == ["Shared by a colleague", first_name], change


def test_a_share_link_in_a_fresh_browser_replaces_the_untouched_default(handbook_site, serve_site, open_assessment, tmp_path):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    levels = [level["id"] for level in framework["levels"]]
    url = serve_site(handbook_site) + "assessment.html"
    maker = open_assessment(url)
    maker.answer(ids[0], levels[1], levels[2], "shared note")
    maker.choose_name("Rename", "Shared by a colleague")
    link = share_link(maker)
    # A fresh browser: the untouched default gives way to the imported assessment.
    fresh = open_assessment(url)
    first_name = fresh.strings()["first_name"]
    assert fresh.names() == [first_name]
    import_link(fresh, link)
    expect(fresh.page.locator("#assessment-select option")).to_have_text(["Shared by a colleague"])
    assert fresh.page.is_checked(f"#current-{ids[0]}-{levels[1]}")
    reload(fresh)
    assert fresh.names() == ["Shared by a colleague"]
    assert len(saved_state(fresh)["assessments"]) == 1
    check_a_changed_default_stays(open_assessment, url, link, framework)
    # The same for a file imported into a fresh browser.
    reader = open_assessment(url)
    message = import_file(reader, tmp_path, assessment_file(framework, "From a file", {ids[0]: {"current": levels[0]}}))
    assert message == fill(reader.strings()["imported"], name="From a file")
    assert reader.names() == ["From a file"]
    reload(reader)
    assert reader.names() == ["From a file"]
    assert maker.errors == [] and fresh.errors == [] and reader.errors == []


# ------------------------------------------------------------------ 6: full storage

FILL_STORAGE = """() => {
  // Write junk until the browser refuses even one more character: the storage is then really full.
  let size = 1 << 20, count = 0;
  while (size >= 1) {
    try { localStorage.setItem("junk-" + count, "x".repeat(size)); count++; }
    catch (error) { if (error.name !== "QuotaExceededError") throw error; size = Math.floor(size / 2); }
  }
  return count;
}"""
FREE_STORAGE = "() => Object.keys(localStorage).filter(k => k.startsWith('junk-')).forEach(k => localStorage.removeItem(k))"


def saved_note(view: AssessmentPage) -> str:
    """What the page says about saving, when that note is shown."""
    note = view.page.locator(".saved-note")
    return note.inner_text().strip() if note.is_visible() else ""


def check_still_full_keeps_the_message(view: AssessmentPage, framework: dict) -> None:
    """Check that, with the storage still full, answering, renaming and switching keep the message."""
    ids = [function["id"] for function in framework["functions"]]
    levels = [level["id"] for level in framework["levels"]]
    strings = view.strings()
    saved_prefix = strings["saved"].split("{")[0]
    alert = view.page.locator(".save-failed")
    view.answer(ids[1], levels[1])
    view.choose_name("Rename", "Kept, renamed")
    view.page.select_option("#assessment-select", label=strings["first_name"])
    view.page.select_option("#assessment-select", label="Kept, renamed")
    expect(alert).to_be_visible()
    assert strings["save_failed"] in alert.inner_text() and not saved_note(view).startswith(saved_prefix)
    assert saved_note(view) != strings["autosave"]


def test_full_storage_is_never_claimed_as_saved(handbook_site, serve_site, open_assessment, tmp_path):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    levels = [level["id"] for level in framework["levels"]]
    view = open_assessment(serve_site(handbook_site) + "assessment.html")
    strings = view.strings()
    saved_prefix = strings["saved"].split("{")[0]
    answer_first(view, framework)
    assert saved_note(view).startswith(saved_prefix)
    assert view.page.evaluate(FILL_STORAGE) > 0
    message = import_file(view, tmp_path, assessment_file(framework, "Kept in this page", {ids[0]: {"current": levels[2]}}))
    assert message != fill(strings["imported"], name="Kept in this page"), "an import that was not saved"
    assert message == fill(strings["imported_not_saved"], name="Kept in this page")
    alert = view.page.locator(".save-failed")
    expect(alert).to_be_visible()
    assert alert.get_attribute("role") == "alert"
    assert strings["save_failed"] in alert.inner_text()
    assert saved_note(view) not in (strings["autosave"], strings["not_saved"]) and not saved_note(view).startswith(saved_prefix)
    # The export it offers holds the unsaved work.
    with view.page.expect_download() as info:
        alert.get_by_role("button", name=strings["save_failed_export"]).click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert exported["name"] == "Kept in this page" and exported["answers"][ids[0]]["current"] == levels[2]
    check_still_full_keeps_the_message(view, framework)
    # Space freed: the next change is saved and the page says so again.
    view.page.evaluate(FREE_STORAGE)
    view.answer(ids[2], levels[0])
    expect(alert).to_be_hidden()
    assert saved_note(view).startswith(saved_prefix)
    reload(view)
    assert view.names() == [strings["first_name"], "Kept, renamed"]
    for fid, level in ((ids[0], levels[2]), (ids[1], levels[1]), (ids[2], levels[0])):
        assert view.page.is_checked(f"#current-{fid}-{level}")
    assert view.errors == [] and view.dialogs == []


# ------------------------------------------------------------------ 11: radar labels on long names

OVERLAPS = """async selector => {
  // Every pair of chart texts, and every text against every marker, by their boxes on screen, once the
  // page has rendered a frame since the last change (the chart is redrawn to its box's width then).
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const chart = document.querySelector(selector);
  const box = (what, node) => ({ what, rect: node.getBoundingClientRect() });
  const words = node => [...node.querySelectorAll("tspan")].map(span => span.textContent).join(" ") || node.textContent;
  const texts = [...chart.querySelectorAll("text")].map(node => box("text " + JSON.stringify(words(node)), node));
  const markers = [...chart.querySelectorAll(".marker")].map((node, i) => box("marker " + i, node));
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const found = [], frame = chart.getBoundingClientRect();
  // The size a reader sees: the font's size in the chart's units times the chart's scale on screen.
  const sizes = [...chart.querySelectorAll("text")].map(node => node.getScreenCTM().a * parseFloat(getComputedStyle(node).fontSize));
  // (Less a hundredth for the float rounding of the chart's pixel-wide boxes.)
  sizes.forEach((size, i) => { if (size < 11.99) found.push(texts[i].what + " is " + size.toFixed(3) + " px"); });
  texts.forEach((a, i) => {
    texts.slice(i + 1).concat(markers).forEach(b => { if (hit(a.rect, b.rect)) found.push(a.what + " overlaps " + b.what); });
    const r = a.rect;
    if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5 || r.top < frame.top - 0.5 || r.bottom > frame.bottom + 0.5) {
      found.push(a.what + " runs out of the chart");
    }
  });
  return { found, texts: texts.length, markers: markers.length };
}"""


def chart_plans(framework: dict) -> list[dict]:
    """Answers that put markers on every ring of every axis: all at one level (target one up), then mixed."""
    levels = [level["id"] for level in framework["levels"]]
    ids = [function["id"] for function in framework["functions"]]
    plans = [{fid: (level, levels[min(i + 1, len(levels) - 1)]) for fid in ids} for i, level in enumerate(levels)]
    plans.append({fid: (levels[(i * 3) % len(levels)], levels[(i * 3 + 1) % len(levels)]) for i, fid in enumerate(ids)})
    return plans


def check_chart(page, selector: str, framework: dict) -> None:
    """Every chart text is 12 px or more and overlaps no other text or marker; the key beside it names every level."""
    result = page.evaluate(OVERLAPS, selector + " svg.chart")
    assert result["markers"] == 2 * len(framework["functions"])
    assert result["texts"] >= len(framework["functions"]) + len(framework["levels"])
    assert result["found"] == []
    key = page.locator(selector + " .chart-figure figcaption").inner_text()
    for level in framework["levels"]:
        assert f"{level['position']} {level['name']}" in key


@pytest.fixture(scope="module")
def long_names_rtl_site(tmp_path_factory) -> Path:
    """The long-names fixture laid out right to left (direction: rtl), where labels that would
    overlap in a mirrored chart show it most."""
    folder = tmp_path_factory.mktemp("long-names-rtl")
    project = folder / "project"
    shutil.copytree(LONG_NAMES, project)
    (project / "content" / "site.yaml").write_text("direction: rtl\n", encoding="utf-8")
    result = run_build("--project", project, "--out", folder / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("site", ["long_names_site", "handbook_site", "second_site", "long_names_rtl_site", "rtl_site"])
def test_radar_labels_overlap_nothing(request, site, serve_site, open_assessment, width):
    built = request.getfixturevalue(site)
    framework = load_framework(built)
    if site.startswith("long_names"):
        assert min(len(level["name"]) for level in framework["levels"] + framework["functions"]) >= 40
    base = serve_site(built)
    view = open_assessment(base + "assessment.html", viewport={"width": width, "height": 900})
    plans = chart_plans(framework)
    for plan in plans:
        view.answer_all(plan)
        check_chart(view.page, "#results", framework)
    # The compare page draws both assessments, flagged function names longer by a marker.
    view.choose_name(view.strings()["duplicate"], "Second")  # in the site's language
    view.answer_all(plans[0])
    view.page.goto(base + "compare.html")
    expect(view.page.locator("#comparison svg.chart")).to_have_count(1)
    check_chart(view.page, "#comparison", framework)
    assert view.errors == []


def layout_shifts(page, url: str, loads: int) -> list[dict]:
    """The layout shifts of ``loads`` loads of ``url``, with the CPU slowed as the layout-shift gate does."""
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    shifts = []
    for _ in range(loads):
        page.goto(url, wait_until="load")
        shifts += page.evaluate(_SHIFTS_JS)
    return shifts


@pytest.mark.parametrize("width", [320, 1280])
def test_the_charts_redraw_to_their_width_moves_nothing(long_names_site, serve_site, open_assessment, width):
    framework = load_framework(long_names_site)
    base = serve_site(long_names_site)
    view = open_assessment(base + "assessment.html", viewport={"width": width, "height": 900})
    plan = chart_plans(framework)[-1]
    view.answer_all(plan)
    view.choose_name("Duplicate", "Second")
    view.answer_all(chart_plans(framework)[0])
    for page in ("assessment.html", "compare.html"):
        assert layout_shifts(view.page, base + page, 3) == [], page
    # Resized, the chart is drawn anew at its new width before the next paint: what follows stays put.
    view.page.goto(base + "assessment.html")
    table = view.page.locator("#levels-table")
    view.page.set_viewport_size({"width": 1600 - width, "height": 900})
    top = table.bounding_box()["y"]
    assert view.page.evaluate(OVERLAPS, "#results svg.chart")["found"] == []
    assert table.bounding_box()["y"] == top
    assert view.errors == []
