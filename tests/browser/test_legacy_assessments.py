"""Every legacy fixture (tests/fixtures/legacy-assessments/) loads with every answer, note and figure equal.

The fixtures are what the scripts at e2891d51 stored, exported and linked, with what that page
showed (`assessments.json`'s `shown`). Today's scripts must show the same from each of them: a
storage dump put into the origin's localStorage before the page opens, every JSON export imported
into a fresh browser, every share link opened in a fresh browser (and compared, on the compare
page, with the export of the same assessment). CSV exports are not importable (the page and the
compare page read JSON only), so each CSV is checked by exporting the loaded assessment again:
the bytes must equal the fixture's.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import expect, load_framework
from tests.support.browser import keep_local

FOLDER = Path(__file__).resolve().parent.parent / "fixtures" / "legacy-assessments"
CATALOGUE = json.loads((FOLDER / "assessments.json").read_text(encoding="utf-8"))
LINKS = json.loads((FOLDER / "share-links.json").read_text(encoding="utf-8"))
FRAMEWORKS = json.loads((FOLDER / "frameworks.json").read_text(encoding="utf-8"))
# The fixtures were made at /handbook/; the test serves the handbook elsewhere, so the old key's
# folder part must be rewritten to where the page now is.
MADE_AT = "/handbook/"
PREFIX = "legacy-site"
TODAY = "1.0.0"
SIDES = ("current", "target")

SHOWN = """() => {
  const text = s => { const e = document.querySelector(s); return e ? e.textContent : null; };
  const mean = document.querySelector('#overall-mean');
  return {
    heading: text('#results h2'), progress: text('#progress-text'),
    mean: mean ? mean.getAttribute('value') : null, overall: text('#overall-text'),
    scored: text('#fact-scored'), excluded: text('#fact-excluded'), mean_gap: text('#fact-mean-gap'),
    below_target: text('#fact-below-target'),
    table: Object.fromEntries([...document.querySelectorAll('#levels-table tbody tr')].map(r =>
      [r.dataset.function, [...r.querySelectorAll('td')].map(td => td.textContent)])),
    next_steps: [...document.querySelectorAll('#next-steps > li')].map(li => li.dataset.function),
    upgrade_notice: (() => { const n = document.querySelector('.upgrade-area .upgrade-notice');
      return n ? [...n.querySelectorAll('h3, p:not(:has(button)), li')].map(e => e.textContent) : null; })()
  };
}"""

ANSWERS = """ids => Object.fromEntries(ids.map(id => {
  const value = side => { const r = document.querySelector(`input[name="${side}-${id}"]:checked`); return r ? r.value : null; };
  const note = document.querySelector('#note-' + id);
  return [id, [value('current'), value('target'), note ? note.value : null]];
}))"""


def store_of(dump_name: str) -> tuple[str, dict]:
    """The one (key, parsed store) of a storage dump."""
    dump = json.loads((FOLDER / dump_name).read_text(encoding="utf-8"))
    (key, value), = dump.items()
    return key, json.loads(value)


def stored_answers(entry_name: str) -> dict:
    """{function id: [current, target, note]} of a catalogue entry, as the store of its version holds it."""
    entry = CATALOGUE["assessments"][entry_name]
    dump = "storage-0.9.0.json" if entry["version"] == "0.9.0" else "storage.json"
    answers = store_of(dump)[1]["assessments"][entry["id"]]["answers"]
    return {fid: [a["current"], a["target"], a["note"]] for fid, a in answers.items()}


def expected_answers(key: str, notes: bool = True) -> dict:
    """What today's page must have checked and typed for an assessment: today's functions, in order."""
    framework, answers = FRAMEWORKS[TODAY], stored_answers(f"{key}@{TODAY}")
    return {fn["id"]: answers.get(fn["id"], [None, framework["suggested_target"], ""])[:2]
            + [answers.get(fn["id"], [None, None, ""])[2] if notes else ""] for fn in framework["functions"]}


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def site_url(handbook_site, serve_site) -> str:
    """Today's handbook served under /legacy-site/; its framework must be the one the fixtures name 1.0.0."""
    framework, made = load_framework(handbook_site), FRAMEWORKS[TODAY]
    assert framework["version"] == made["version"] and framework["id"] == made["id"]
    assert [(level["id"], level["name"], level["position"]) for level in framework["levels"]] == \
        [(level["id"], level["name"], level["position"]) for level in made["levels"]]
    assert [(fn["id"], fn["name"], {lid: cell["descriptor"] for lid, cell in fn["levels"].items()})
            for fn in framework["functions"]] == [(fn["id"], fn["name"], fn["descriptors"]) for fn in made["functions"]]
    return serve_site(handbook_site, prefix=PREFIX)


@pytest.fixture
def fresh(browser, site_url):
    """Factory: a new page in a fresh, local-only context (closed after the test); errors recorded."""
    contexts, pages = [], []

    def make(context=None):
        if context is None:
            context = browser.new_context(accept_downloads=True)
            keep_local(context, "/".join(site_url.split("/")[:3]))
            contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        pages.append(page)
        return page

    yield make
    for page in pages:
        assert not page.errors, page.errors
    for context in contexts:
        context.close()


# ------------------------------------------------------------------ checks

def check_shown(page, key: str, notes: bool = True, notice=None) -> None:
    """The open assessment shows what the old page showed for <key>@1.0.0: answers, notes, every figure."""
    want = CATALOGUE["assessments"][f"{key}@{TODAY}"]["shown"]
    expect(page.locator("#results h2")).to_have_text(want["heading"])
    shown = page.evaluate(SHOWN)
    if not notes:  # a link without notes: the table has no note column, the upgrade notice no note
        want = dict(want, table={fid: cells[:3] for fid, cells in want["table"].items()})
    want = dict(want, upgrade_notice=want["upgrade_notice"] if notice is None else notice)
    assert shown == want
    ids = [fn["id"] for fn in FRAMEWORKS[TODAY]["functions"]]
    assert page.evaluate(ANSWERS, ids) == expected_answers(key, notes)


def check_csv(page, key: str) -> None:
    """Export CSV of the open assessment gives the fixture's bytes, under the same file name."""
    entry = CATALOGUE["assessments"][f"{key}@{TODAY}"]["exports"]["csv"]
    with page.expect_download() as info:
        page.locator(".toolbar").get_by_role("button", name="Export CSV", exact=True).click()
    assert info.value.suggested_filename == entry["suggested_filename"]
    assert Path(info.value.path()).read_bytes() == (FOLDER / entry["file"]).read_bytes()


def seed(page, site_url: str, dump_name: str) -> None:
    """Put a storage dump into the served origin's localStorage, its key moved to where the site is served."""
    key, _ = store_of(dump_name)
    value = json.loads((FOLDER / dump_name).read_text(encoding="utf-8"))[key]
    assert key.endswith(":" + MADE_AT)
    served = key[: -len(MADE_AT)] + "/" + PREFIX + "/"
    page.goto(site_url + "framework.json")  # same origin, no script: storage is written before the page opens
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [served, value])


def keys_of(dump_name: str) -> list[str]:
    """The catalogue keys of the assessments a dump holds, the open one first."""
    _, store = store_of(dump_name)
    by_id = {entry["id"]: entry["key"] for entry in CATALOGUE["assessments"].values()}
    ids = [store["current"]] + [i for i in store["assessments"] if i != store["current"]]
    return [by_id[i] for i in ids]


# ------------------------------------------------------------------ tests

@pytest.mark.parametrize("dump_name", ["storage-0.9.0.json", "storage.json"])
def test_storage_dump_loads(fresh, site_url, dump_name):
    page = fresh()
    seed(page, site_url, dump_name)
    page.goto(site_url + "assessment.html")
    ids = {entry["key"]: entry["id"] for entry in CATALOGUE["assessments"].values()}
    for key in keys_of(dump_name):
        page.select_option("#assessment-select", value=ids[key])  # as a reader switches between them
        check_shown(page, key)
        check_csv(page, key)
    names = page.eval_on_selector_all("#assessment-select option", "os => os.map(o => o.textContent)")
    assert sorted(names) == sorted(CATALOGUE["assessments"][f"{key}@{TODAY}"]["name"] for key in keys_of(dump_name))


EXPORTS = [(entry["exports"]["json"]["file"], entry["key"]) for entry in CATALOGUE["assessments"].values()]


def import_export(page, file: str, name: str) -> None:
    """Import an exported file through the page's Import button and wait for it to open."""
    page.set_input_files("#import-file", str(FOLDER / file))
    expect(page.locator("#assessment-select option:checked")).to_have_text(name)


@pytest.mark.parametrize("file, key", EXPORTS, ids=[file for file, _ in EXPORTS])
def test_export_imports(fresh, site_url, file, key):
    page = fresh()
    page.goto(site_url + "assessment.html")
    page.wait_for_selector("#results h2")
    name = CATALOGUE["assessments"][f"{key}@{TODAY}"]["name"]
    import_export(page, file, name)
    assert page.eval_on_selector_all("#assessment-select option", "os => os.length") == 1, \
        "the untouched first assessment is replaced"
    check_shown(page, key)
    check_csv(page, key)


def link_notice(key: str, version: str) -> list[str] | None:
    """The upgrade notice after a share link: a link carries wording hashes, not the wording itself."""
    notice = CATALOGUE["assessments"][f"{key}@{TODAY}"]["shown"]["upgrade_notice"]
    if notice is None:
        return None
    reworded = [line.split(": was “")[0] + ": reworded since; now “" + line.split("; now “")[1]
                if ": was “" in line else line for line in notice]
    if version == TODAY:  # made after the upgrade: the link says 1.0.0, so only the rewording is known
        reworded = [reworded[0]] + reworded[reworded.index(next(x for x in notice if x.startswith("Descriptors"))):]
    return reworded


def open_link(page, site_url: str, link: dict, key: str) -> None:
    """Open a share link at today's address, check its offer and import it."""
    entry = CATALOGUE["assessments"][f"{key}@{TODAY}"]
    page.goto(site_url + "assessment.html#" + link["fragment"])
    page.wait_for_selector(".share-offer")
    facts = page.eval_on_selector_all(".share-offer dd", "d => d.map(x => x.textContent)")
    title = load_title(page)
    assert facts == [entry["name"], f"{title}, version {link['version']}", entry["shown"]["progress"],
                     "Included" if link["notes"] else "Not included"]
    notice = page.locator(".share-offer .upgrade-notice")
    want = link_notice(key, link["version"])
    if want is None:
        assert notice.count() == 0
    else:
        assert notice.evaluate("n => [...n.querySelectorAll('h3, p, li')].map(e => e.textContent)") == want
    page.get_by_role("button", name="Import as a new assessment").click()
    expect(page.locator("#assessment-select option:checked")).to_have_text(entry["name"])


def load_title(page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('framework-data').textContent).title")


def check_compare(page, site_url: str, export_file: str, key: str) -> None:
    """On the compare page, the imported link's assessment equals the export of the same assessment."""
    shown = CATALOGUE["assessments"][f"{key}@{TODAY}"]["shown"]
    page.goto(site_url + "compare.html")
    page.wait_for_selector("#compare-a", state="attached")
    page.set_input_files("#compare-file-b", str(FOLDER / export_file))
    page.select_option("#compare-a", index=1)
    page.wait_for_selector("#comparison-heading")
    table = page.eval_on_selector_all("#compare-table tbody tr", "rows => Object.fromEntries(rows.map(r =>"
                                      " [r.dataset.function, [...r.querySelectorAll('td')].map(c => c.textContent)]))")
    for fid, cells in shown["table"].items():
        now, goal = cells[0], cells[1]
        level = lambda text: not text.startswith(("Not ", "–"))  # noqa: E731
        assert table[fid][:6] == [now, now, "0" if level(now) else "–", goal, goal, "0" if level(goal) else "–"], fid
    assert page.locator("#changed-list li").count() == 0
    if shown["mean"] is not None:
        assert page.locator("#alignment-current").inner_text() == "100 %"


@pytest.mark.parametrize("link", LINKS, ids=[f"{x['assessment']}-{'notes' if x['notes'] else 'plain'}" for x in LINKS])
def test_share_link_opens(fresh, site_url, link):
    key = link["assessment"].split("@")[0]
    page = fresh()
    open_link(page, site_url, link, key)
    notice = link_notice(key, link["version"])
    if notice is not None and not link["notes"]:
        notice = [line for line in notice if "Note:" not in line]
    check_shown(page, key, notes=link["notes"], notice=notice)
    check_compare(page, site_url, CATALOGUE["assessments"][link["assessment"]]["exports"]["json"]["file"], key)
