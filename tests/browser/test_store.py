"""One store per handbook, in Chromium: the key comes from the handbook's root (<html data-root>), a
store kept under a page's own folder is moved, two open pages never undo each other's answers, and
the storage event brings the other open pages up to date.

No page in a sub-folder runs the assessment's scripts yet, so a real page of functions/ (as the build
made it, with data-root="../") loads the assessment's published script and opens the store itself.
"""
from __future__ import annotations

import json

from tests.browser.conftest import expect, load_framework
from tests.support.browser import keep_local

# Open the store as the scripts do on any page: key from data-root, the page's folder as the old key.
OPEN_STORE = """
    const PH = window.PartneringHandbook, model = PH.frameworkModel(data);
    const store = PH.openStore(model, PH.rootPath(document, location), PH.browserStorage(), PH.siteBase(location));
    const state = store.load("Assessment 1");
"""
READ = "data => {" + OPEN_STORE + """
    return {key: store.key, current: state.current, assessments: JSON.parse(JSON.stringify(state.assessments))}; }"""
# Answer one question of the open assessment from this page and save it.
ANSWER = "([data, fn, level]) => {" + OPEN_STORE + """
    const assessment = state.assessments[state.current];
    PH.setAnswer(model, fn, assessment.answers[fn], "current", level);
    assessment.updated = new Date().toISOString();
    return store.save(state); }"""


def key(framework: dict, path: str) -> str:
    return f"partnering-handbook:v1:{framework['id']}:{path}"


def framework_data(view) -> dict:
    """The framework as the assessment page embeds it (what its scripts read)."""
    return view.page.evaluate("JSON.parse(document.getElementById('framework-data').textContent)")


def sub_folder_page(context, base: str, function_id: str):
    """A page of functions/, built by the generator, with the assessment's published script loaded."""
    page = context.new_page()
    page.goto(f"{base}functions/{function_id}.html")
    assert page.evaluate("document.documentElement.dataset.root") == "../"
    page.add_script_tag(url=f"{base}assets/assessment.js")
    return page


def ids_of(site) -> tuple:
    """The site's framework data, its function ids and its level ids."""
    framework = load_framework(site)
    return (framework, [function["id"] for function in framework["functions"]],
            [level["id"] for level in framework["levels"]])


def stored_keys(page) -> list:
    return page.evaluate("Object.keys(localStorage).sort()")


def test_the_root_and_a_sub_folder_open_one_store(handbook_site, serve_site, open_assessment):
    framework, ids, levels = ids_of(handbook_site)
    base = serve_site(handbook_site)
    root_path = base[base.index("/", len("http://")):]  # the path the site is served at
    view = open_assessment(base + "assessment.html")
    view.answer(ids[0], levels[1], note="saved at the root")
    view.choose_name("Rename", "Saved at the root")
    data = framework_data(view)
    sub = sub_folder_page(view.page.context, base, ids[0])
    seen = sub.evaluate(READ, data)
    assert seen["key"] == key(framework, root_path) and root_path != "/functions/"
    assessment = seen["assessments"][seen["current"]]
    assert assessment["name"] == "Saved at the root"
    assert assessment["answers"][ids[0]]["current"] == levels[1]
    assert assessment["answers"][ids[0]]["note"] == "saved at the root"
    # And back: saved from the sub-folder, the root page (still open) shows it, and after a reload too.
    assert sub.evaluate(ANSWER, [data, ids[1], levels[2]]) is True
    expect(view.page.locator(f"#current-{ids[1]}-{levels[2]}")).to_be_checked()
    view.page.reload()
    view.page.wait_for_selector("#results h2")
    assert view.names() == ["Saved at the root"]
    assert view.page.is_checked(f"#current-{ids[0]}-{levels[1]}") and view.page.is_checked(f"#current-{ids[1]}-{levels[2]}")
    assert view.page.input_value(f"#note-{ids[0]}") == "saved at the root"
    assert stored_keys(view.page) == [key(framework, root_path)]
    assert view.errors == []


def test_a_store_under_the_pages_own_folder_is_moved_without_losing_anything(handbook_site, serve_site, open_assessment):
    framework, ids, levels = ids_of(handbook_site)
    base = serve_site(handbook_site)
    root_path = base[base.index("/", len("http://")):]  # the path the site is served at
    view = open_assessment(base + "assessment.html")
    view.answer(ids[0], levels[0])
    view.choose_name("Rename", "Kept at the root")
    data = framework_data(view)
    old = {"schema": 1, "current": "movedone", "assessments": {"movedone": {
        "format": "partnering-handbook-assessment", "schema": 1,
        "framework": {"id": framework["id"], "version": framework["version"]}, "id": "movedone",
        "name": "Kept in functions/", "created": "2027-01-01T00:00:00.000Z", "updated": "2027-01-02T00:00:00.000Z",
        "answers": {ids[2]: {"current": levels[-1], "target": levels[-1], "note": "from the folder key"}}}}}
    old_key = key(framework, root_path + "functions/")
    sub = sub_folder_page(view.page.context, base, ids[0])
    sub.evaluate("([name, value]) => localStorage.setItem(name, value)", [old_key, json.dumps(old)])
    seen = sub.evaluate(READ, data)
    assert sorted(a["name"] for a in seen["assessments"].values()) == ["Kept at the root", "Kept in functions/"]
    assert seen["assessments"]["movedone"]["answers"][ids[2]]["note"] == "from the folder key"
    assert stored_keys(sub) == [key(framework, root_path)]
    view.page.reload()
    view.page.wait_for_selector("#results h2")
    assert sorted(view.names()) == ["Kept at the root", "Kept in functions/"]
    # Alone under the old key (no store at the root yet), it moves as it was stored, byte for byte.
    fresh = view.page.context.browser.new_context()
    try:
        keep_local(fresh, "/".join(base.split("/")[:3]))
        page = sub_folder_page(fresh, base, ids[0])
        text = json.dumps(old)
        page.evaluate("([name, value]) => localStorage.setItem(name, value)", [old_key, text])
        page.evaluate(READ, data)
        assert page.evaluate("name => localStorage.getItem(name)", key(framework, root_path)) == text
        assert stored_keys(page) == [key(framework, root_path)]
    finally:
        fresh.close()


def test_two_open_pages_each_change_a_different_answer_and_neither_is_lost(handbook_site, serve_site, open_assessment):
    framework, ids, levels = ids_of(handbook_site)
    url = serve_site(handbook_site) + "assessment.html"
    one = open_assessment(url)
    one.answer(ids[0], levels[0], note="first page")
    context = one.page.context
    # The second page never hears of the first one's saves: only the merge on writing can keep them.
    context.add_init_script("window.addEventListener('storage', e => e.stopImmediatePropagation(), true)")
    two = type(one)(context.new_page(), url).open()
    one.answer(ids[1], levels[1])
    one.choose_name("Rename", "Renamed on page one")
    assert two.names() == [two.strings()["first_name"]], "page two heard nothing of page one's saves"
    assert not two.page.is_checked(f"#current-{ids[1]}-{levels[1]}")
    two.answer(ids[2], levels[2], note="second page")
    two.answer(ids[3], target=levels[0])
    # Its own save read storage again and merged: page one's work is kept, and now shown here too.
    assert two.names() == ["Renamed on page one"]
    assert two.page.is_checked(f"#current-{ids[1]}-{levels[1]}")
    one.page.reload()
    one.page.wait_for_selector("#results h2")
    for view in (one, two):
        view.page.reload()
        view.page.wait_for_selector("#results h2")
        assert view.names() == ["Renamed on page one"]
        assert view.page.is_checked(f"#current-{ids[0]}-{levels[0]}") and view.page.is_checked(f"#current-{ids[1]}-{levels[1]}")
        assert view.page.is_checked(f"#current-{ids[2]}-{levels[2]}") and view.page.is_checked(f"#target-{ids[3]}-{levels[0]}")
        assert view.page.input_value(f"#note-{ids[0]}") == "first page"
        assert view.page.input_value(f"#note-{ids[2]}") == "second page"
    assert len(one.stored()) == 1
    assert one.errors == [] and two.errors == []


def test_the_storage_event_brings_the_other_page_up_to_date(handbook_site, serve_site, open_assessment):
    framework, ids, levels = ids_of(handbook_site)
    url = serve_site(handbook_site) + "assessment.html"
    one = open_assessment(url)
    two = type(one)(one.page.context.new_page(), url).open()
    one.answer(ids[0], levels[1], note="typed on page one")
    expect(two.page.locator(f"#current-{ids[0]}-{levels[1]}")).to_be_checked()
    expect(two.page.locator(f"#note-{ids[0]}")).to_have_value("typed on page one")
    expect(two.page.locator(f"#levels-table tr[data-function={ids[0]}] .cell-current")).to_contain_text(framework["levels"][1]["name"])
    assert two.names() == [two.strings()["first_name"]], "the first page's assessment, not a second default"
    one.choose_name("New", "Made on page one")
    expect(two.page.locator("#assessment-select option")).to_have_text([two.strings()["first_name"], "Made on page one"])
    assert two.page.input_value("#assessment-select") != one.page.input_value("#assessment-select"), "page two stays on its own"
    compare = one.page.context.new_page()
    compare.goto(url.replace("assessment.html", "compare.html"))
    compare.wait_for_selector("#compare-a")
    two.choose_name("New", "Made on page two")
    expect(compare.locator("#compare-a option")).to_contain_text(["Made on page two"])
    one.toolbar(one.strings()["delete_all"]).click()
    one.dialog_button(one.strings()["delete_all"]).click()
    expect(two.page.locator("#assessment-select option")).to_have_text([two.strings()["first_name"]])
    expect(two.page.locator(f"#current-{ids[0]}-{levels[1]}")).not_to_be_checked()
    assert one.stored() == {} and one.errors == [] and two.errors == []
