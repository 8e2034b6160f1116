"""The German handbook: complete, in German, one German term per concept.

Bars the tests can hold: every interface string translated (but an allow-list of the same in both
languages), no English sentence left in the German pages, framework texts or strings, the
glossary's German terms used where the English pages use the English ones, every page there
and marked with the source it translates.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from handbook.markdown import split_front_matter
from tests.conftest import REPO
from tests.test_strings import _leaf_strings

CONTENT, GERMAN = REPO / "content", REPO / "content" / "de"
# The same in both languages, each for its reason.
SAME_IN_BOTH = {
    "js.name_label": "Name is German too",
    "js.share_name": "Name is German too",
    "js.compare_key": "the letters of the two sides compared, A and B, in both",
    # The CSV export's column names are the file's keys, for spreadsheets and scripts that read
    # an export in any language: the same in every language, as the ids in its cells are.
    **{f"js.csv_{column}": "a column key of the CSV export" for column in (
        "function_id", "function", "current_id", "current", "current_position", "target_id", "target",
        "target_position", "gap", "note")},
}
PLACEHOLDERS = re.compile(r"\{[a-z_]+\}")
# The most common English words: five of them in a row are an English sentence (German shares
# a few of them, such as "in", "so" and "was", but never five in a row).
COMMON_ENGLISH = set("""
a about after all also an and any are as at be because been before being both but by can could
did do does each even every first for from get good had has have he her here his how i if in
into is it its just know like make many may more most much must my new no not now of on one only
or other our out over own people same see she should so some such than that the their them then
there these they this those through to too two under up us use very was way we well were what
when where which while who why will with would you your partner partners partnership business
customer customers level levels function functions work together their each other plan
""".split())
WORD = re.compile(r"[A-Za-z']+")
CLAUSE = re.compile(r"[.,;:!?()\[\]„“”\"«»–—/]")


def _prose(text: str) -> str:
    """Return a page's words as a reader reads them: no anchors, link targets, code or markup."""
    text = re.sub(r"\{#[^}]*\}", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return text


def english_runs(text: str, least: int = 5) -> list[str]:
    """Return every run of `least` or more common English words within a clause of the text."""
    found = []
    for clause in CLAUSE.split(_prose(text)):
        run: list[str] = []
        for word in WORD.findall(clause) + [""]:
            if word.lower() in COMMON_ENGLISH:
                run.append(word)
                continue
            if len(run) >= least:
                found.append(" ".join(run))
            run = []
    return found


def german_files() -> list[Path]:
    return sorted(GERMAN.rglob("*.md")) + [GERMAN / "glossary.yaml", REPO / "framework" / "translations" / "de.yaml",
                                            REPO / "theme" / "strings" / "de.yaml"]


def test_the_english_run_finder_finds_an_english_sentence():
    assert english_runs("Die Partner planen gemeinsam. This is what they would like to do with it.") == \
        ["This is what they would like to do with it"]
    assert english_runs("So ist es in einem Fall, was Sie wollen.") == []


@pytest.mark.parametrize("path", german_files(), ids=lambda path: path.relative_to(REPO).as_posix())
def test_no_english_sentence_is_left_in_german(path):
    assert english_runs(path.read_text(encoding="utf-8")) == []


def test_every_interface_string_is_german_but_those_the_same_in_both():
    english = _leaf_strings(yaml.safe_load((REPO / "theme/strings/en.yaml").read_text(encoding="utf-8")))
    german = _leaf_strings(yaml.safe_load((REPO / "theme/strings/de.yaml").read_text(encoding="utf-8")))
    same = {key for key, text in german.items() if english.get(key) == text
            and re.search(r"[^\W\d_]", PLACEHOLDERS.sub("", text))}  # placeholders and signs alone are no words
    assert same == set(SAME_IN_BOTH)


def _glossary(path: Path) -> dict:
    """Return {entry id: term} of a glossary file, each id as the build gives it."""
    from handbook.content import _slug
    return {entry.get("id") or _slug(entry["term"]): entry["term"]
            for entry in yaml.safe_load(path.read_text(encoding="utf-8"))}


def _pages(folder: Path, skip: tuple = ()) -> str:
    return "\n".join(_prose(path.read_text(encoding="utf-8")) for path in sorted(folder.rglob("*.md"))
                     if not path.relative_to(folder).as_posix().startswith(skip) and path.name != "glossary.md")


def _used(term: str, text: str, inflected: bool = False) -> bool:
    """Tell whether the text uses the term; inflected, in any of German's endings of its words."""
    core = re.sub(r"\s*\(.*\)$", "", term)  # "Memorandum of Understanding (MOU)": the words
    if not inflected:
        return re.search(rf"(?<!\w){re.escape(core)}", text, re.IGNORECASE) is not None
    # "zentraler Ansprechpartner" is also "einen zentralen Ansprechpartner": each word's stem,
    # and up to four more letters (German's endings of adjectives and nouns).
    words = [re.escape(word[:-2] if len(word) > 5 and word[-1].isalpha() else word) + r"\w{0,4}"
             for word in core.split()]
    return re.search(r"(?<!\w)" + r"\s+".join(words), text, re.IGNORECASE) is not None


def test_each_glossary_term_used_in_english_has_its_german_term_in_the_german_pages():
    english, german = _glossary(CONTENT / "glossary.yaml"), _glossary(GERMAN / "glossary.yaml")
    assert set(german) == set(english), "every entry translated, by the English entry's id"
    english_pages, german_pages = _pages(CONTENT, ("de/", "overrides/")), _pages(GERMAN)
    missing = [(english[key], german[key]) for key in english
               if _used(english[key], english_pages) and not _used(german[key], german_pages, inflected=True)]
    assert missing == []


def test_the_framework_names_are_the_terms_the_german_pages_use():
    texts = yaml.safe_load((REPO / "framework/translations/de.yaml").read_text(encoding="utf-8"))
    pages = _pages(GERMAN)
    names = [level["name"] for level in texts["levels"].values()] + [fn["name"] for fn in texts["functions"].values()]
    assert [name for name in names if not _used(name, pages, inflected=True)] == []


def test_every_german_page_is_there_and_names_its_english_source():
    sources = sorted(path.relative_to(CONTENT).as_posix() for path in CONTENT.rglob("*.md")
                     if not path.relative_to(CONTENT).as_posix().startswith(("de/", "overrides/")))
    translations = sorted(path.relative_to(GERMAN).as_posix() for path in GERMAN.rglob("*.md"))
    assert translations == sources
    for name in translations:
        front, _, _ = split_front_matter((GERMAN / name).read_text(encoding="utf-8"))
        assert re.fullmatch(r"[0-9a-f]{40}", str((front.data or {}).get("translated_from", ""))), name


def test_the_status_command_reads_the_german_handbook():
    """Every page is there; an out-of-date one is a notice, never a failure (an English edit must pass)."""
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "translations"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    summary = result.stdout.splitlines()[0]
    assert re.fullmatch(r"de: \d+ complete, 0 missing, \d+ out of date", summary), result.stdout


INFORMAL = re.compile(r"(?<!\w)(du|dich|dir|dein\w*|euch|euer\w*)(?!\w)", re.IGNORECASE)


@pytest.mark.parametrize("path", german_files(), ids=lambda path: path.relative_to(REPO).as_posix())
def test_german_typography_and_the_formal_address(path):
    text = _prose(path.read_text(encoding="utf-8"))
    if path.suffix == ".md":
        _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        assert '"' not in _prose(body), "German quotation marks: „…“"
    assert INFORMAL.findall(text) == [], "the formal address, Sie"


@pytest.fixture(scope="module")
def languages():
    from handbook.pipeline import Options, gather
    from handbook.problems import Report
    report = Report()
    inputs = gather(Options(project=REPO), report)
    assert inputs is not None and not report.problems, [p.format() for p in report.problems]
    return inputs, next(other for other in inputs.translations if other.language == "de")


def test_every_german_function_page_has_the_english_sections_by_id(languages):
    english, german = languages
    for function in english.framework.functions:
        key = f"functions/{function.id}.md"
        assert key not in german.content.fallbacks, key
        assert german.content.docs[key].anchors == english.content.docs[key].anchors, key
        for level in english.framework.levels:
            ours, theirs = german.content.guidance[function.id].levels[level.id], \
                english.content.guidance[function.id].levels[level.id]
            assert (len(ours.signs), len(ours.actions)) == (len(theirs.signs), len(theirs.actions)), (key, level.id)
            assert ours.description, (key, level.id)
