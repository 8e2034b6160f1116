"""The handbook's text: complete guidance, defined abbreviations, and original wording."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from handbook.content import block_text
from handbook.pipeline import Options, gather
from handbook.problems import Report
from tests.conftest import REPO
from tests.originality.fingerprint import load_fingerprints, matching_runs

# By anchor, as links and translations know them: a heading's words may change in any language.
GUIDANCE_SECTIONS = ["why-it-matters", "what-goes-wrong-without-it", "how-to-start",
                     "how-to-grow-it", "pitfalls", "judging-a-prospective-partner"]
MIN_PROSE_WORDS = 600
# Capitalised words that are not abbreviations of the handbook's subject matter.
ABBREVIATION_ALLOW_LIST = {"JSON", "CSV", "PDF", "URL", "OK", "II", "III", "IV"}


@pytest.fixture(scope="module")
def handbook():
    report = Report()
    inputs = gather(Options(project=REPO), report)
    assert inputs is not None and not report.problems, [p.format() for p in report.problems]
    return inputs


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def test_no_warning_left_in_the_strict_build(handbook):
    # The fixture asserts the report is empty: no missing section, no unknown key.
    assert handbook.framework.functions


def test_every_level_has_description_signs_and_actions(handbook):
    framework = handbook.framework
    for function in framework.functions:
        guidance = handbook.content.guidance[function.id]
        for level in framework.levels:
            section = guidance.levels[level.id]
            where = f"{function.id}/{level.id}"
            assert 2 <= _sentences(block_text(section.description)) <= 4, where
            assert 2 <= len(section.signs) <= 4, where
            if framework.next_level(level) is None:
                assert not section.actions, where
            else:
                assert 2 <= len(section.actions) <= 4, where


def test_every_function_has_the_six_guidance_sections_with_enough_prose(handbook):
    for function in handbook.framework.functions:
        doc = handbook.content.docs[f"functions/{function.id}.md"]
        levels = {level.id for level in handbook.framework.levels}
        headings = [h.anchor for h in doc.headings if h.level == 2 and h.anchor not in levels]
        assert all(h.explicit for h in doc.headings if h.level in (2, 3)), function.id
        assert headings == GUIDANCE_SECTIONS, function.id
        words = len(html_text(handbook.content.guidance[function.id].prose.html).split())
        assert words >= MIN_PROSE_WORDS, (function.id, words)


class _TextExtractor(HTMLParser):
    """Collect a page's visible text, leaving out quotations and the credits block."""

    EXEMPT = {"blockquote", "q", "cite"}
    SKIP = {"script", "style", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.exempt_depth, self.parts = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr", "wbr"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        exempt = tag in self.EXEMPT or tag in self.SKIP or "credits" in classes
        self.stack.append(exempt)
        self.exempt_depth += exempt
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.stack and tag not in {"br", "img", "input", "meta", "link", "hr", "wbr"}:
            self.exempt_depth -= self.stack.pop()
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.exempt_depth:
            self.parts.append(data)


def html_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    return "".join(extractor.parts)


def page_text(path: Path) -> str:
    return html_text(path.read_text(encoding="utf-8"))


def test_no_page_reuses_the_study_wording(handbook_site):
    known = load_fingerprints()
    assert len(known) > 1000, "the fingerprints file is missing or empty"
    shared = {}
    for path in sorted(handbook_site.rglob("*.html")):
        runs = matching_runs(page_text(path), known)
        if runs:
            shared[path.relative_to(handbook_site).as_posix()] = runs[:5]
    assert not shared, "text shared with the study (quote and attribute it, or rewrite it):\n" + \
        json.dumps(shared, indent=1)


def test_originality_check_can_fail(tmp_path):
    known = load_fingerprints()
    page = tmp_path / "copied.html"
    page.write_text("<p>Partnering is hard work. It takes time and money to build relationships "
                    "and develop trust.</p><blockquote>Partnering is hard work. It takes time "
                    "and money to build relationships</blockquote>")
    assert matching_runs(page_text(page), known)
    quoted = tmp_path / "quoted.html"
    quoted.write_text("<blockquote>Partnering is hard work. It takes time and money to build "
                      "relationships and develop trust.</blockquote>")
    assert not matching_runs(page_text(quoted), known)


def test_every_abbreviation_is_in_the_glossary(handbook_site):
    glossary = yaml.safe_load((REPO / "content" / "glossary.yaml").read_text(encoding="utf-8"))
    defined = set(ABBREVIATION_ALLOW_LIST)
    for entry in glossary:
        defined.update(re.findall(r"[A-Za-z0-9]+", entry.get("abbreviation") or ""))
        defined.update(w for w in re.findall(r"\b[A-Z][A-Z0-9]+\b", entry["term"]))
    undefined = {}
    for path in sorted(handbook_site.rglob("*.html")):
        for word in re.findall(r"\b([A-Z][A-Z0-9]{1,})s?\b", page_text(path)):
            if word not in defined:
                undefined.setdefault(word, path.relative_to(handbook_site).as_posix())
    assert not undefined, f"define these in content/glossary.yaml: {undefined}"
