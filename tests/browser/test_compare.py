"""Comparing and combining assessments, share links and framework upgrades, in a real Chromium."""
from __future__ import annotations

import base64
import json
import math
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import load_framework
from tests.conftest import SECOND, run_build
from tests.support.browser import keep_local
from tests.support.tools import AXE_JS, require_tool

MINUS = "\u2212"
HOSTILE = ['<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>",
           '"><svg onload="window.__pwned=3">']
OTHER = {"unsure": "Not sure", "na": "Not relevant to us", None: "Not answered"}


# ------------------------------------------------------------------ the formulas, in Python

def positions(framework: dict) -> dict:
    return {level["id"]: level["position"] for level in framework["levels"]}


def threshold(framework: dict) -> int:
    return max(1, math.ceil((len(framework["levels"]) - 1) / 2))


def js_round(value: float) -> int:
    """Math.round for the page's (positive) percentages; Python's round() rounds halves to even."""
    return math.floor(value + 0.5)


def expected_comparison(framework: dict, a: dict, b: dict) -> dict:
    """alignment = 1 − mean(|a − b|) / (N − 1) over the functions both answered with a level."""
    where, count, limit = positions(framework), len(framework["levels"]), threshold(framework)
    result = {"rows": {}, "talk": []}
    for side, index in (("current", 0), ("target", 1)):
        distances = [abs(where[b[f][index]] - where[a[f][index]]) for f in a
                     if a[f][index] in where and b[f][index] in where]
        value = 1 - sum(distances) / len(distances) / (count - 1)
        result[side] = {"value": value, "percent": js_round(value * 100), "distances": distances}
    for function in framework["functions"]:
        fid = function["id"]
        diffs = [where[b[fid][i]] - where[a[fid][i]] if a[fid][i] in where and b[fid][i] in where else None
                 for i in (0, 1)]
        result["rows"][fid] = diffs
        if any(d is not None and abs(d) >= limit for d in diffs):
            result["talk"].append(fid)
    return result


def expected_combination(framework: dict, plans: list[dict]) -> dict:
    """Per function and side: median (mean of the two middle ones for an even count), low, high, spread."""
    where, limit, result = positions(framework), threshold(framework), {}
    for function in framework["functions"]:
        sides = {}
        for side, index in (("current", 0), ("target", 1)):
            given = sorted(where[plan[function["id"]][index]] for plan in plans if plan[function["id"]][index] in where)
            if not given:
                sides[side] = None
                continue
            middle = len(given) // 2
            median = given[middle] if len(given) % 2 else (given[middle - 1] + given[middle]) / 2
            sides[side] = {"median": median, "low": given[0], "high": given[-1], "spread": given[-1] - given[0]}
        sides["flagged"] = any(sides[s] and sides[s]["spread"] >= limit for s in ("current", "target"))
        result[function["id"]] = sides
    return result


def level_text(framework: dict, value) -> str:
    for level in framework["levels"]:
        if level["id"] == value:
            return f"{level['position']} {level['name']}"
    return OTHER[value]


def signed(value) -> str:
    return "–" if value is None else f"+{value}" if value > 0 else str(value).replace("-", MINUS)


# ------------------------------------------------------------------ assessments and pages

def make_plans(framework: dict) -> tuple[dict, dict]:
    """Two varied assessments {function id: (current, target)}, each with gaps the formulas must skip."""
    levels = [level["id"] for level in framework["levels"]]
    size = len(levels)
    ids = [function["id"] for function in framework["functions"]]
    a = {fid: (levels[i % size], levels[min(size - 1, i % size + 1)]) for i, fid in enumerate(ids)}
    b = {fid: (levels[(i * 2 + 1) % size], levels[(i + 2) % size]) for i, fid in enumerate(ids)}
    b[ids[1]] = ("unsure", b[ids[1]][1])
    a[ids[2]] = ("na", a[ids[2]][1])
    b[ids[3]] = (b[ids[3]][0], None)
    return a, b


def exported(framework: dict, name: str, plan: dict, notes: dict | None = None, ident: str = "x") -> dict:
    """An assessment as the self-assessment page exports it."""
    answers = {}
    for function in framework["functions"]:
        current, target = plan.get(function["id"], (None, None))
        wording = {side: function["levels"][value]["descriptor"]
                   for side, value in (("current", current), ("target", target)) if value in function["levels"]}
        answers[function["id"]] = {"current": current, "target": target, "wording": wording,
                                   "note": (notes or {}).get(function["id"], "")}
    return {"format": "partnering-handbook-assessment", "schema": 1,
            "framework": {"id": framework["id"], "version": framework["version"]}, "id": f"id-{ident}",
            "name": name, "created": f"2027-03-0{len(ident) % 9 + 1}T10:00:00.000Z",
            "updated": "2027-03-10T10:00:00.000Z", "answers": answers}


def write_json(folder: Path, name: str, content) -> Path:
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


class Page:
    """A reader's tab: errors, dialogs and script-injection attempts are recorded."""

    def __init__(self, context, url: str, ready: str) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(url)
        self.page.wait_for_selector(ready, state="attached")

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text().strip()

    def rows(self, selector: str, cells: str) -> dict:
        return self.page.eval_on_selector_all(
            f"{selector} tbody tr",
            f"rows => Object.fromEntries(rows.map(r => [r.dataset.function, [...r.querySelectorAll('{cells}')].map(c => c.textContent)]))")

    def ids(self, selector: str) -> list[str]:
        return self.page.eval_on_selector_all(selector, "items => items.map(i => i.dataset.function)")

    def stored(self) -> dict:
        return self.page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map(k => [k, JSON.parse(localStorage.getItem(k))]))")

    def strings(self) -> dict:
        """The script's strings as the site under test publishes them."""
        return self.page.evaluate("JSON.parse(document.getElementById('ui-strings').textContent)")

    def safe(self) -> bool:
        return (self.page.evaluate("window.__pwned") is None and not self.dialogs and not self.errors
                and self.page.locator("main img, main script:not([type='application/json']), main svg[onload]").count() == 0)


@pytest.fixture
def new_context(browser):
    """Factory: a fresh, local-only browser context; closed at the end of the test."""
    contexts = []

    def make(url: str = "", **options):
        options.setdefault("accept_downloads", True)
        context = browser.new_context(**options)
        contexts.append(context)
        keep_local(context, "/".join(url.split("/")[:3]) if url.startswith("http") else None)
        return context

    yield make
    for context in contexts:
        context.close()


def seed(view: Page, framework: dict, base_path: str, assessments: list[dict]) -> None:
    """Put assessments in the page's storage, as the self-assessment page saves them, and reload."""
    key = f"partnering-handbook:v1:{framework['id']}:{base_path}"
    state = {"schema": 1, "current": assessments[0]["id"], "assessments": {a["id"]: a for a in assessments}}
    view.page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, json.dumps(state)])
    view.page.reload()
    view.page.wait_for_selector("#compare-a", state="attached")


def check_comparison(view: Page, framework: dict, a: dict, b: dict, names: tuple[str, str]) -> None:
    """Check every figure of the comparison against the formulas computed in Python."""
    want = expected_comparison(framework, a, b)
    assert view.text("#comparison-heading") == f"{names[0]} compared with {names[1]}"
    for side in ("current", "target"):
        assert view.text(f"#alignment-{side}") == f"{want[side]['percent']} %"
        assert float(view.page.get_attribute(f"#alignment-{side}", "value")) == pytest.approx(want[side]["value"])
        distances = " + ".join(map(str, want[side]["distances"]))
        assert f"({distances}) ÷ {len(want[side]['distances'])} ÷ {len(framework['levels']) - 1} = " in view.text("#comparison .formulas")
    assert f"= {threshold(framework)} levels apart" in view.text("#comparison .formulas")
    assert "alignment = 1 − mean(|a − b|) ÷ (n − 1)" in view.text("#comparison .formulas").lower()
    table = view.rows("#compare-table", "td")
    for fid, (now, goal) in want["rows"].items():
        cells = table[fid]
        assert cells[:3] == [level_text(framework, a[fid][0]), level_text(framework, b[fid][0]), signed(now)]
        assert cells[3:6] == [level_text(framework, a[fid][1]), level_text(framework, b[fid][1]), signed(goal)]
        assert cells[6].startswith("⚑ Talk about this:") == (fid in want["talk"]), fid
    assert view.ids("#compare-table tr.talk") == want["talk"]
    assert view.ids("#talk-list li") == want["talk"]
    assert want["talk"], "the plans are meant to differ somewhere"
    changed = view.ids("#changed-list li")
    assert changed == [fid for fid in a if a[fid] != b[fid]]


# ------------------------------------------------------------------ tests

def test_compare_two_saved_assessments(handbook_site, serve_site, new_context):
    framework = load_framework(handbook_site)
    a, b = make_plans(framework)
    url = serve_site(handbook_site) + "compare.html"
    view = Page(new_context(url), url, "#compare-a")
    assert view.text("#comparison") == "Choose two assessments to compare them."
    seed(view, framework, "/handbook/", [exported(framework, "Our company", a, ident="a"),
                                         exported(framework, "Partner: Contoso", b, ident="bb")])
    # With two saved assessments, the page compares them straight away; choosing again works too.
    view.page.select_option("#compare-a", label="Partner: Contoso")
    view.page.select_option("#compare-b", label="Our company")
    check_comparison(view, framework, b, a, ("Partner: Contoso", "Our company"))
    view.page.select_option("#compare-a", label="Our company")
    view.page.select_option("#compare-b", label="Partner: Contoso")
    check_comparison(view, framework, a, b, ("Our company", "Partner: Contoso"))
    # The radar overlays both; flagged functions carry a text marker on their axis too.
    where = positions(framework)
    series = lambda name: view.page.locator(f"svg.chart .series-{name} .marker").count()
    assert series("a") == sum(1 for plan in a.values() if plan[0] in where)
    assert series("b") == sum(1 for plan in b.values() if plan[0] in where)
    # On the axes' names, or on the key that names the axes where the chart numbers them (which
    # of the two depends on the width of the names in the browser's font).
    flagged = view.page.locator("svg.chart text", has_text="⚑").count()
    keyed = view.page.locator(".chart-axis-key:not([hidden]) .chart-scale-level", has_text="⚑").count()
    assert flagged + keyed >= 1
    view.page.check("#compare-chart-target")
    assert series("b") == sum(1 for plan in b.values() if plan[1] in where)
    # A short summary is announced politely.
    view.page.wait_for_function("() => document.querySelector('#compare-app > [role=status]').textContent.startsWith('Alignment today')")
    assert view.safe()


def english_copy(tmp_path: Path) -> Path:
    """The second framework's project with an English interface (language: en), as these tests read it.

    They check the compare page's figures and the upgrade report of a three-level framework in
    words; the German interface of the second framework is checked by the tests that read the
    page's own strings.
    """
    project = tmp_path / "second-en"
    shutil.copytree(SECOND, project)
    settings = project / "content" / "site.yaml"
    # One language only: the German pages and framework texts under an English interface, as before
    # the second framework had its English translation (whose pages the language folder holds).
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: de", "language: en")
                        .replace("translations:\n  - language: en\n", ""), encoding="utf-8")
    shutil.rmtree(project / "content" / "en")
    shutil.rmtree(project / "framework" / "translations")
    return project


@pytest.fixture(scope="module")
def second_english(tmp_path_factory) -> Path:
    """The second framework built with an English interface."""
    folder = tmp_path_factory.mktemp("second-en")
    out = folder / "site"
    result = run_build("--project", english_copy(folder), "--out", out, "--strict",
                       "--base-url", "https://verband.example/kooperation/")
    assert result.returncode == 0, result.stderr
    return out


def test_compare_files_on_the_three_level_framework(second_english, serve_site, new_context, tmp_path):
    framework = load_framework(second_english)
    assert len(framework["levels"]) == 3
    a, b = make_plans(framework)
    url = serve_site(second_english, prefix="kooperation") + "compare.html"
    view = Page(new_context(url), url, "#compare-a")
    view.page.set_input_files("#compare-file-a", str(write_json(tmp_path, "a.json", exported(framework, "Wir 2026", a))))
    assert view.text("#comparison") == "Choose two assessments to compare them."
    view.page.set_input_files("#compare-file-b", str(write_json(tmp_path, "b.json", exported(framework, "Wir 2027", b))))
    view.page.wait_for_selector("#comparison-heading")
    assert 'Loaded “Wir 2027” from b.json.' in view.text(".compare-pick .messages")
    check_comparison(view, framework, a, b, ("Wir 2026", "Wir 2027"))
    assert view.page.input_value("#compare-a") == "f:0" and view.page.input_value("#compare-b") == "f:1"
    # A file of another framework says so and is not offered.
    other = dict(exported(framework, "Fremd", a), framework={"id": "someone-else", "version": "1"})
    view.page.set_input_files("#compare-file-b", str(write_json(tmp_path, "other.json", other)))
    view.page.wait_for_function("() => document.querySelector('.compare-pick .messages').textContent.includes('another framework')")
    assert "someone-else" in view.text(".compare-pick .messages")
    assert view.page.locator("#compare-b option").count() == 3  # "Choose…" and the two files
    assert view.safe()


def three_respondents(framework: dict) -> tuple[list[dict], list[str], list[dict]]:
    """Return three respondents' plans, names (one hostile) and notes; one function has an even count."""
    ids = [function["id"] for function in framework["functions"]]
    a, b = make_plans(framework)
    levels = [level["id"] for level in framework["levels"]]
    c = {fid: (levels[-1 - i % 2], levels[-1]) for i, fid in enumerate(ids)}
    c[ids[5]] = ("unsure", levels[-1])  # two levels left: an even count, the mean of the two middle ones
    return [a, b, c], ["Anna", "Ben", HOSTILE[0]], [{ids[0]: "Anna's note"}, {}, {ids[0]: "=1+1"}]


def check_combination_table(view: Page, framework: dict, plans: list[dict], names: list[str], want: dict) -> None:
    """Check each function's median, spread, flag and respondents against the formulas in Python."""
    table = view.rows("#combine-table", "td")
    assert any(w["current"] and w["current"]["median"] % 1 for w in want.values()), "an even count is tested"
    for fid, sides in want.items():
        cells = table[fid]
        for side, median_cell, spread_cell in (("current", 0, 1), ("target", 2, 3)):
            figure = sides[side]
            if figure is None:
                assert cells[median_cell] == cells[spread_cell] == "–"
                continue
            assert cells[median_cell].startswith(f"{figure['median']:.1f} ")
            assert cells[spread_cell] == f"{figure['low']} to {figure['high']} (spread {figure['spread']})"
        assert cells[5].startswith("⚑ Resolve:") == sides["flagged"]
        who = view.page.eval_on_selector_all(f"#combine-table tr[data-function={fid}] .who li", "l => l.map(i => i.textContent)")
        assert who == [f"{names[i]}: {level_text(framework, plan[fid][0])}; target {level_text(framework, plan[fid][1])}"
                       for i, plan in enumerate(plans)]


def check_saved_combination(view: Page, framework: dict, plans: list[dict], want: dict) -> None:
    """Save the combination; check medians are rounded half down and notes joined with their authors' names."""
    ids = [function["id"] for function in framework["functions"]]
    view.page.fill("#combine-save-name", "Team view")
    view.page.get_by_role("button", name="Save as an assessment").click()
    view.page.wait_for_selector(".combine-save a[href='assessment.html']")
    saved = next(iter(view.stored().values()))
    combined = next(x for x in saved["assessments"].values() if x["name"] == "Team view")
    by_position = {level["position"]: level["id"] for level in framework["levels"]}
    for fid, sides in want.items():
        for side in ("current", "target"):
            figure = sides[side]
            expected = by_position[math.ceil(figure["median"] - 0.5)] if figure else None
            if side == "current" and figure is None:
                given = [p[fid][0] for p in plans]
                expected = "unsure" if "unsure" in given else "na" if "na" in given else None
            assert combined["answers"][fid][side] == expected, (fid, side)
    assert combined["answers"][ids[0]]["note"] == f"Anna: Anna's note\n{HOSTILE[0]}: =1+1"
    assert "Team view" in view.page.eval_on_selector_all("#compare-a option", "os => os.map(o => o.textContent)")


def test_combine_three_respondents(handbook_site, serve_site, new_context, tmp_path):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    plans, names, notes = three_respondents(framework)
    paths = [str(write_json(tmp_path, f"{i}.json", exported(framework, names[i], plan, notes[i], ident="abc"[i] * (i + 1))))
             for i, plan in enumerate(plans)]
    url = serve_site(handbook_site) + "compare.html"
    view = Page(new_context(url), url, "#combine-files")
    view.page.set_input_files("#combine-files", paths)
    view.page.wait_for_selector("#combination-heading")
    assert view.text("#combination-heading") == "Combined answers of 3 respondents"
    assert view.text("#respondents") == f"Respondents: Anna, Ben, {HOSTILE[0]}."
    want = expected_combination(framework, plans)
    check_combination_table(view, framework, plans, names, want)
    assert view.ids("#combine-table tr.talk") == [fid for fid in ids if want[fid]["flagged"]]
    assert view.ids("#combine-flags li") == [fid for fid in ids if want[fid]["flagged"]]
    assert "mean of the two middle positions" in view.text("#combination .formulas")
    check_saved_combination(view, framework, plans, want)
    assert view.safe()


def share(view: Page, notes: bool) -> str:
    if notes:
        view.page.check("#share-notes")
    else:
        view.page.uncheck("#share-notes")
    view.page.evaluate("document.querySelector('.toolbar .messages').replaceChildren()")
    view.page.get_by_role("button", name="Copy share link").click()
    view.page.wait_for_function("() => document.querySelector('.toolbar .messages').textContent.includes('Notes')"
                                " || document.querySelector('.toolbar .messages').textContent.includes('notes')")
    return view.page.input_value("#share-link")


def payload(link: str) -> dict:
    code = link.split("#a=", 1)[1]
    return json.loads(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)))


def answer_in_page(view: Page, plan: dict) -> None:
    """Answer every function of the plan on the self-assessment page, leaving out missing targets."""
    for fid, (current, target) in plan.items():
        view.page.check(f"#current-{fid}-{current}")
        if target:
            view.page.check(f"#target-{fid}-{target}")


def check_share_link_imports(context, url: str, link: str, note: str, framework: dict, plan: dict) -> None:
    """Open a share link in a new tab, check what it offers, import it and check what came in."""
    ids = [function["id"] for function in framework["functions"]]
    other = Page(context, link, ".share-offer")
    assert other.page.url == url, "the fragment is removed from the address bar"
    facts = other.page.eval_on_selector_all(".share-offer dd", "d => d.map(x => x.textContent)")
    strings = other.strings()
    assert facts == [strings["first_name"], f"{framework['title']}, version {framework['version']}",
                     f"{len(ids)} of {len(ids)} answered", "Included" if note else "Not included"]
    before = other.page.eval_on_selector_all("#assessment-select option", "os => os.length")
    other.page.get_by_role("button", name="Import as a new assessment").click()
    assert other.text(".toolbar .messages") == strings["imported"].replace("{name}", strings["first_name"])
    assert other.page.eval_on_selector_all("#assessment-select option", "os => os.length") == before + 1
    for fid, (current, target) in plan.items():
        assert other.page.is_checked(f"#current-{fid}-{current}")
    assert other.page.input_value(f"#note-{ids[0]}") == note
    assert other.safe()
    other.page.close()


def test_share_link_round_trip(handbook_site, serve_site, new_context):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    a, _ = make_plans(framework)
    url = serve_site(handbook_site) + "assessment.html"
    context = new_context(url)
    view = Page(context, url, "#results h2")
    answer_in_page(view, a)
    view.page.fill(f"#note-{ids[0]}", "Confidential: their margins are thin")
    without = share(view, notes=False)
    assert without.startswith(url + "#a=") and len(without) < 2000
    assert "Confidential" not in json.dumps(payload(without)) and "notes are not in it" in view.text(".toolbar .messages").lower()
    with_notes = share(view, notes=True)
    assert payload(with_notes)["a"][ids[0]][-1] == "Confidential: their margins are thin"

    for link, note in ((without, ""), (with_notes, "Confidential: their margins are thin")):
        check_share_link_imports(context, url, link, note, framework, a)
    # Nothing was overwritten: the first assessment keeps its note, beside two imported copies.
    stored = next(iter(view.stored().values()))["assessments"].values()
    assert sorted(x["answers"][ids[0]]["note"] for x in stored) == ["", "Confidential: their margins are thin",
                                                                    "Confidential: their margins are thin"]
    # Declining imports nothing.
    other = Page(context, without, ".share-offer")
    other.page.get_by_role("button", name="Don't import").click()
    assert other.page.locator(".share-offer").count() == 0
    assert len(next(iter(other.stored().values()))["assessments"]) == 3
    assert view.safe() and other.safe()


def link_for(compact: dict) -> str:
    return "#a=" + base64.urlsafe_b64encode(json.dumps(compact).encode()).decode().rstrip("=")


def check_links_of_other_handbooks(context, url: str, hostile: dict) -> None:
    """Check that links that are not assessments of this handbook say so and offer nothing to import."""
    for fragment, message in ((link_for(dict(hostile, f="another-framework")), "another framework (another-framework)"),
                              ("#a=%%%not-base64", "does not hold a readable assessment"),
                              ("#a=" + "A" * 70000, "too long")):
        other = Page(context, url + fragment, ".share-offer")
        assert message in other.text(".share-offer")
        assert other.page.get_by_role("button", name="Import as a new assessment").count() == 0
        assert other.safe()
        other.page.close()


def check_hostile_files_on_the_compare_page(context, compare_url: str, framework: dict, tmp_path: Path) -> None:
    """Check that hostile files compared and combined on the compare page are shown as text only."""
    ids = [function["id"] for function in framework["functions"]]
    a, b = make_plans(framework)
    evil = exported(framework, HOSTILE[1], a, {ids[0]: HOSTILE[0]})
    evil["answers"][ids[1]]["wording"] = {"current": HOSTILE[2]}
    evil["answers"][HOSTILE[0]] = {"current": "basic", "note": HOSTILE[2]}
    evil["framework"]["version"] = HOSTILE[2]
    files = [str(write_json(tmp_path, "evil.json", evil)), str(write_json(tmp_path, "b.json", exported(framework, HOSTILE[2], b)))]
    page = Page(context, compare_url, "#compare-a")
    page.page.set_input_files("#compare-file-a", files[0])
    page.page.set_input_files("#compare-file-b", files[1])
    page.page.set_input_files("#combine-files", files)
    page.page.wait_for_selector("#combination-heading")
    page.page.wait_for_selector("#comparison-heading")
    assert HOSTILE[1] in page.text("#comparison-heading") and HOSTILE[0] in page.text("#comparison .upgrade-notice")
    assert HOSTILE[1] in page.text("#respondents")
    page.page.wait_for_timeout(200)
    assert page.safe()


def test_hostile_links_and_files_run_no_script(handbook_site, serve_site, new_context, tmp_path):
    framework = load_framework(handbook_site)
    ids = [function["id"] for function in framework["functions"]]
    url = serve_site(handbook_site) + "assessment.html"
    context = new_context(url)
    hostile = {"f": framework["id"], "v": HOSTILE[2], "n": HOSTILE[0], "u": HOSTILE[1], "o": 1,
               "l": [level["id"] for level in framework["levels"]] + [HOSTILE[1]],
               "a": {ids[0]: [0, len(framework["levels"]), "zz.zz", HOSTILE[1]], HOSTILE[2]: [1, 1, "", HOSTILE[0]],
                     "__proto__": [0, 0], ids[1]: [{"x": 1}, "u", 5]}}
    view = Page(context, url + link_for(hostile), ".share-offer")
    assert HOSTILE[0] in view.text(".share-offer dl")
    assert HOSTILE[2] in view.text(".share-offer .upgrade-notice")  # an unknown function: shown, as text
    view.page.get_by_role("button", name="Import as a new assessment").click()
    view.page.wait_for_timeout(200)
    assert HOSTILE[0] in view.text("#results-heading") and view.page.input_value(f"#note-{ids[0]}") == HOSTILE[1]
    assert HOSTILE[1] in view.text(".upgrade-notice")
    assert view.safe() and view.page.evaluate("Object.prototype.current") is None
    check_links_of_other_handbooks(context, url, hostile)
    check_hostile_files_on_the_compare_page(context, serve_site(handbook_site) + "compare.html", framework, tmp_path)


# ------------------------------------------------------------------ framework upgrades

def upgraded_copy(tmp_path: Path, released: Path) -> Path:
    """The second test framework, version 3.0: "logistik" removed, "lager" added, one descriptor reworded.

    Release 2.1 is kept in framework/releases/ as the build of 2.1 wrote its framework.json.
    """
    project = tmp_path / "upgraded"
    shutil.copytree(english_copy(tmp_path), project)
    (project / "framework" / "releases").mkdir()
    shutil.copy(released / "framework.json", project / "framework" / "releases" / "2.1.json")
    framework = project / "framework" / "framework.yaml"
    text = framework.read_text(encoding="utf-8").replace('version: "2.1"', 'version: "3.0"')
    framework.write_text(text.replace("  - logistik\n", "") + "  - lager\n", encoding="utf-8")
    (project / "framework" / "functions" / "logistik.yaml").unlink()
    (project / "content" / "functions" / "logistik.md").unlink()
    functions = project / "framework" / "functions"
    source = (functions / "einkauf.yaml").read_text(encoding="utf-8")
    (functions / "lager.yaml").write_text(source.replace("id: einkauf", "id: lager")
                                          .replace("Gemeinsamer Einkauf", "Gemeinsames Lager"), encoding="utf-8")
    shutil.copy(project / "content" / "functions" / "einkauf.md", project / "content" / "functions" / "lager.md")
    (functions / "einkauf.yaml").write_text(source.replace('"Jeder kauft allein"', '"Jeder kauft für sich"'),
                                            encoding="utf-8")
    return project


def check_notice(text: str) -> None:
    assert "made with framework version 2.1; this handbook is version 3.0" in text
    assert "Answers that no longer apply:" in text and "logistik is no longer in the framework (today: Reife" in text
    assert "Note for the warehouse" in text
    assert "New functions:" in text and "Gemeinsames Lager (not answered yet)" in text
    assert "Gemeinsamer Einkauf, Anfang (today)" in text and "“Jeder kauft für sich”" in text


def build_upgraded(tmp_path: Path, second_site: Path) -> tuple[Path, dict]:
    """Build the upgraded copy of the second framework; return its output folder and framework."""
    project = upgraded_copy(tmp_path, second_site)
    out = tmp_path / "site"
    # Not --strict: the build warns, as it should, that the id "logistik" of release 2.1 is gone.
    result = run_build("--project", project, "--out", out, "--base-url", "https://verband.example/neu/")
    assert result.returncode == 0, result.stderr
    assert 'the function id "logistik" of release 2.1 is gone' in result.stdout + result.stderr
    new = load_framework(out)
    assert new["version"] == "3.0" and "lager" in [f["id"] for f in new["functions"]]
    return out, new


OLD_PLAN = {"einkauf": ("anfang", "reife"), "logistik": ("reife", "reife"), "schulung": ("wachstum", "reife"),
            "qualitaet": ("reife", "reife"), "kundendienst": ("unsure", "wachstum")}


def make_on_the_old_site(context, old_url: str, old: dict) -> tuple[Page, Path, str]:
    """Answer and export on the old site (2.1), noting the function that goes away; return tab, file, link."""
    maker = Page(context, old_url, "#results h2")
    for fid, (current, target) in OLD_PLAN.items():
        maker.page.check(f"#current-{fid}-{current}")
        maker.page.check(f"#target-{fid}-{target}")
    maker.page.fill("#note-logistik", "Note for the warehouse")
    with maker.page.expect_download() as info:
        maker.page.get_by_role("button", name="Export JSON").click()
    export = Path(info.value.path())
    link = share(maker, notes=True)
    assert json.loads(export.read_text())["framework"]["version"] == old["version"]
    return maker, export, link


def check_upgrade_of_an_imported_file(view: Page, export: Path) -> None:
    """Import the old file on the upgraded site; check the notice, the kept answers, and hiding it."""
    view.page.set_input_files("#import-file", str(export))
    view.page.wait_for_selector(".upgrade-area .upgrade-notice")
    check_notice(view.text(".upgrade-area"))
    for fid in ("einkauf", "schulung", "qualitaet", "kundendienst"):
        assert view.page.is_checked(f"#current-{fid}-{OLD_PLAN[fid][0]}"), "answers that still exist are kept"
    assert view.page.locator("#q-logistik").count() == 0 and not view.page.locator("input[name=current-lager]:checked").count()
    # The notice survives a reload until the reader hides it (ids of removed functions are shown, never
    # stored: the imported file still has them); then it is gone for good.
    view.page.reload()
    view.page.wait_for_selector(".upgrade-area .upgrade-notice")
    with pytest.raises(AssertionError):
        check_notice(view.text(".upgrade-area"))
    assert "Gemeinsames Lager (not answered yet)" in view.text(".upgrade-area")
    assert "Jeder kauft für sich" in view.text(".upgrade-area") and "logistik" not in json.dumps(view.stored())
    view.page.get_by_role("button", name="I have checked these: hide this notice").click()
    assert view.page.locator(".upgrade-area .upgrade-notice").count() == 0
    view.page.reload()
    view.page.wait_for_selector("#results h2")
    assert view.page.locator(".upgrade-area .upgrade-notice").count() == 0


def check_upgrade_of_a_stored_assessment(view: Page, new: dict, export: Path) -> None:
    """Store the old assessment in the browser; check the notice, and that storage keeps it until changed."""
    key = f"partnering-handbook:v1:{new['id']}:/neu/"
    raw = json.loads(export.read_text())
    view.page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                       [key, json.dumps({"schema": 1, "current": raw["id"], "assessments": {raw["id"]: raw}})])
    view.page.reload()
    view.page.wait_for_selector(".upgrade-area .upgrade-notice")
    check_notice(view.text(".upgrade-area"))
    # Stored answers of the removed function stay in storage, untouched, until the reader works on it.
    view.page.select_option("#assessment-select", index=0)
    view.page.reload()
    view.page.select_option("#assessment-select", value=raw["id"])
    check_notice(view.text(".upgrade-area"))
    assert "Note for the warehouse" in json.dumps(view.stored())
    view.page.check("#current-lager-wachstum")
    assert "Note for the warehouse" not in json.dumps(view.stored())


def check_upgrade_on_the_compare_page(context, base: str, export: Path) -> Page:
    """Check the compare page reports the changes for an old file, and a removed level too; return the tab."""
    compare = Page(context, base + "compare.html", "#compare-a")
    compare.page.set_input_files("#compare-file-a", str(export))
    compare.page.select_option("#compare-b", index=1)
    compare.page.wait_for_selector("#comparison .upgrade-notice")
    check_notice(compare.page.locator("#comparison .upgrade-notice").first.inner_text())
    # A removed level is reported too (no fixture needed: a level id the framework no longer has).
    levels = compare.page.evaluate("""() => {
        const PH = window.PartneringHandbook, model = PH.readFramework(document);
        const raw = {format: PH.FORMAT, schema: 1, framework: {id: model.id, version: '1.0'}, name: 'x',
                     answers: {einkauf: {current: 'verschwunden', target: 'reife'}}};
        return PH.validateAssessment(model, raw, 'x').assessment.upgrade.levels; }""")
    assert levels == [{"function": "einkauf", "side": "current", "level": "verschwunden"}]
    return compare


def test_assessment_from_an_older_framework_version(second_english, serve_site, new_context, tmp_path):
    old = load_framework(second_english)
    out, new = build_upgraded(tmp_path, second_english)
    old_url = serve_site(second_english, prefix="kooperation") + "assessment.html"
    maker, export, link = make_on_the_old_site(new_context(old_url), old_url, old)

    base = serve_site(out, prefix="neu")
    context = new_context(base)
    # 1. Imported from a file on the upgraded site.
    view = Page(context, base + "assessment.html", "#results h2")
    check_upgrade_of_an_imported_file(view, export)
    # 2. Saved in the browser under the old version (the upgraded site reads it from storage).
    check_upgrade_of_a_stored_assessment(view, new, export)
    # 3. A share link made on the old site: the offer shows the changes before anything is imported.
    linked = Page(context, base + "assessment.html#" + link.split("#", 1)[1], ".share-offer")
    check_notice(linked.text(".share-offer"))
    assert "version 2.1" in linked.text(".share-offer dl")
    # 4. The compare page shows the same report for a file from the old version.
    compare = check_upgrade_on_the_compare_page(context, base, export)
    for page in (maker, view, linked, compare):
        assert page.safe()


# ------------------------------------------------------------------ accessibility

AXE_RUN = """async () => {
    const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}});
    return r.violations.map(v => v.id + ': ' + v.help + ' -- ' + v.nodes.map(n => n.target.join(' ')).join('; '));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_compare_page(handbook_site, serve_site, new_context, tmp_path, scheme):
    require_tool("axe-core")
    framework = load_framework(handbook_site)
    a, b = make_plans(framework)
    old = dict(exported(framework, "Last year", a), framework={"id": framework["id"], "version": "0.9"})
    old["answers"]["gone-function"] = {"current": "basic", "note": "kept"}
    old["answers"][framework["functions"][0]["id"]]["wording"]["current"] = "Worded differently"
    paths = [str(write_json(tmp_path, f"{i}.json", content)) for i, content in
             enumerate([old, exported(framework, "This year", b), exported(framework, "Third", a)])]
    url = serve_site(handbook_site) + "compare.html"
    view = Page(new_context(url, bypass_csp=True, color_scheme=scheme), url, "#compare-a")
    view.page.set_input_files("#compare-file-a", paths[0])
    view.page.set_input_files("#compare-file-b", paths[1])
    view.page.set_input_files("#combine-files", paths)
    view.page.wait_for_selector("#combination-heading")
    view.page.wait_for_selector("#comparison .upgrade-notice")
    view.page.add_script_tag(path=str(AXE_JS))
    assert view.page.evaluate(AXE_RUN) == []
    # The assessment page with a share offer and an upgrade notice showing.
    other = Page(view.page.context, serve_site(handbook_site) + "assessment.html", "#results h2")
    other.page.set_input_files("#import-file", paths[0])
    other.page.wait_for_selector(".upgrade-area .upgrade-notice")
    other.page.get_by_role("button", name="Copy share link").click()
    link = other.page.input_value("#share-link")
    other.page.goto(link.replace("#", "?again#"))
    other.page.wait_for_selector(".share-offer .upgrade-notice")
    other.page.add_script_tag(path=str(AXE_JS))
    assert other.page.evaluate(AXE_RUN) == []
    assert view.safe() and other.safe()
