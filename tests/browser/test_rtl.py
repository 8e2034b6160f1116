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


def test_a_signed_difference_reads_sign_first_on_a_right_to_left_page(rtl_site, serve_site, open_assessment):
    framework = load_framework(rtl_site)
    levels = [level["id"] for level in framework["levels"]]
    ids = [function["id"] for function in framework["functions"]]
    base = serve_site(rtl_site)
    view = open_assessment(base + "assessment.html")
    view.answer_all({ids[0]: (levels[0], levels[-1]), ids[1]: (levels[-1], levels[0]), ids[2]: (levels[1], levels[1])})
    gaps = view.page.locator("#levels-table tbody td.cell-gap")
    expect(gaps).to_have_text([f"+{len(levels) - 1}", f"\u2212{len(levels) - 1}", "0"])
    assert drawn(gaps) == [f"+{len(levels) - 1}", f"\u2212{len(levels) - 1}", "0"]  # not "2+", "2−"
    # The compare page's differences (B − A), between this assessment and a copy answered otherwise.
    view.choose_name(view.strings()["duplicate"], "ب")
    view.answer_all({ids[0]: (levels[-1], levels[0]), ids[1]: (levels[0], levels[-1]), ids[2]: (levels[1], levels[1])})
    view.page.goto(base + "compare.html")
    differences = view.page.locator("#compare-table tbody td.cell-difference-current")
    expect(differences).to_have_text([f"+{len(levels) - 1}", f"\u2212{len(levels) - 1}", "0"])
    assert drawn(differences) == [f"+{len(levels) - 1}", f"\u2212{len(levels) - 1}", "0"]
    assert view.errors == []
