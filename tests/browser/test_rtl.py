"""Right to left, as a reader of the Arabic fixture sees it in Chromium.

The gates (tests/gates/) run on the rtl fixture as on every test site; here are the checks that
only a right-to-left page needs: what the bidirectional algorithm would reorder.
"""
from __future__ import annotations

from tests.browser.conftest import expect, load_framework

# Where each character of an element's text is drawn, left to right on the screen: the
# characters in the order a left-to-right reader meets them.
_DRAWN_JS = """element => {
  const node = [...element.childNodes].flatMap(n => n.nodeType === 3 ? [n] : [...n.childNodes]).find(n => n.nodeType === 3);
  const drawn = [];
  for (let i = 0; i < node.data.length; i++) {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    drawn.push([range.getBoundingClientRect().left, node.data[i]]);
  }
  return drawn.sort((a, b) => a[0] - b[0]).map(pair => pair[1]).join("");
}"""


def drawn(locator) -> list[str]:
    """Each element's text as the screen shows it, read from left to right."""
    return [handle.evaluate(_DRAWN_JS) for handle in locator.element_handles()]


# The horizontal offset of each inset box-shadow of an element: a bar drawn inside one edge.
_INSET_BARS_JS = """element => getComputedStyle(element).boxShadow.split(/,(?![^(]*\\))/)
  .filter(shadow => shadow.includes("inset")).map(shadow => parseFloat(shadow.replace(/rgba?\\([^)]*\\)/, "")))"""


def compared(rtl_site, serve_site, open_assessment):
    """The rtl fixture's self-assessment answered, then compared with a copy answered otherwise."""
    framework = load_framework(rtl_site)
    levels = [level["id"] for level in framework["levels"]]
    ids = [function["id"] for function in framework["functions"]]
    base = serve_site(rtl_site)
    view = open_assessment(base + "assessment.html")
    view.answer_all({ids[0]: (levels[0], levels[-1]), ids[1]: (levels[-1], levels[0]), ids[2]: (levels[1], levels[1])})
    gaps = view.page.locator("#levels-table tbody td.cell-gap")
    expect(gaps).to_have_text(["+2", "\u22122", "0"])  # (three levels: the first and the last two apart)
    seen = drawn(gaps)
    view.choose_name(view.strings()["duplicate"], "ب")
    view.answer_all({ids[0]: (levels[-1], levels[0]), ids[1]: (levels[0], levels[-1]), ids[2]: (levels[1], levels[1])})
    view.page.goto(base + "compare.html")
    return view, seen


def test_a_signed_difference_reads_sign_first_on_a_right_to_left_page(rtl_site, serve_site, open_assessment):
    view, gaps = compared(rtl_site, serve_site, open_assessment)
    assert gaps == ["+2", "\u22122", "0"]  # not "2+", "2−"
    # The compare page's differences (B − A), between this assessment and a copy answered otherwise.
    differences = view.page.locator("#compare-table tbody td.cell-difference-current")
    expect(differences).to_have_text(["+2", "\u22122", "0"])
    assert drawn(differences) == ["+2", "\u22122", "0"]
    assert view.errors == []


def test_the_bars_that_mark_a_row_or_a_link_stand_at_the_start_edge_the_right(rtl_site, serve_site, open_assessment):
    view, _ = compared(rtl_site, serve_site, open_assessment)
    flagged = view.page.locator("#compare-table tbody tr.talk > th")
    expect(flagged).to_have_count(2)  # the two functions two levels apart
    current = view.page.locator('.site-nav a[aria-current="page"]')
    # A negative offset draws an inset shadow inside the right edge.
    assert [handle.evaluate(_INSET_BARS_JS) for handle in flagged.element_handles()] == [[-5], [-5]]
    assert current.evaluate(_INSET_BARS_JS) == [-3]
    assert view.errors == []
