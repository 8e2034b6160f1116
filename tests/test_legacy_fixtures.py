"""The legacy assessment fixtures (tests/fixtures/legacy-assessments/) agree with each other.

They were made by the handbook's scripts at commit e2891d51 in Chromium (see the folder's README);
this test reads them without a browser: the storage dumps, the exported bytes, the share links and
the figures the old page showed must all say the same thing about each assessment.
"""
from __future__ import annotations

import base64
import csv
import io
import json
import math
from pathlib import Path

import pytest

FOLDER = Path(__file__).parent / "fixtures" / "legacy-assessments"
KEY = "partnering-handbook:v1:partnering-collaboration-framework:/handbook/"
OTHER_ANSWERS = {"unsure": "Not sure", "na": "Not relevant to us"}
CSV_HEADER = ["function_id", "function", "current_id", "current", "current_position", "target_id",
              "target", "target_position", "gap", "note"]
SIDES = ("current", "target")


def read_json(name: str):
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


FRAMEWORKS = read_json("frameworks.json")
CATALOGUE = read_json("assessments.json")
LINKS = read_json("share-links.json")


def store(name: str) -> dict:
    """The one store in a dump, parsed from its exact string."""
    dump = read_json(name)
    assert list(dump) == [KEY]
    return json.loads(dump[KEY])


STORES = {"0.9.0": store("storage-0.9.0.json"), "1.0.0": store("storage.json")}
ENTRIES = sorted(CATALOGUE["assessments"])


def stored(entry_name: str) -> tuple[dict, dict]:
    """The catalogue entry and the assessment as the store of its version holds it."""
    entry = CATALOGUE["assessments"][entry_name]
    return entry, STORES[entry["version"]]["assessments"][entry["id"]]


def positions(framework: dict) -> dict:
    return {level["id"]: level for level in framework["levels"]}


# ------------------------------------------------------------------ the old code's formats, in Python

def csv_cell(value) -> str:
    """Quote a cell as the old csvCell did: formula-like text gets an apostrophe first."""
    if isinstance(value, int):
        return str(value)
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in '",;\r\n') else text


def csv_bytes(framework: dict, assessment: dict) -> bytes:
    """The CSV the old assessmentCSV wrote for an assessment."""
    levels, rows = positions(framework), [CSV_HEADER]
    for fn in framework["functions"]:
        answer = assessment["answers"][fn["id"]]
        current, target = levels.get(answer["current"]), levels.get(answer["target"])
        rows.append([fn["id"], fn["name"], answer["current"] or "",
                     current["name"] if current else OTHER_ANSWERS.get(answer["current"], ""),
                     current["position"] if current else "", target["id"] if target else "",
                     target["name"] if target else "", target["position"] if target else "",
                     target["position"] - current["position"] if current and target else "", answer["note"]])
    text = "\ufeff" + "\r\n".join(",".join(csv_cell(cell) for cell in row) for row in rows) + "\r\n"
    return text.encode("utf-8")


def wording_hash(text: str) -> str:
    """FNV-1a over UTF-16 code units, modulo 36**4, in base 36 (the old wordingHash)."""
    digest = 0x811C9DC5
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        digest = ((digest ^ int.from_bytes(units[i:i + 2], "little")) * 16777619) & 0xFFFFFFFF
    digest %= 36 ** 4
    digits = ""
    while True:
        digest, rest = divmod(digest, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
        if not digest:
            return digits


def decode_fragment(fragment: str) -> tuple[str, dict]:
    """Read "a=<base64url of UTF-8 JSON>": return the JSON text and its value."""
    assert fragment.startswith("a=")
    code = fragment[2:]
    text = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)).decode("utf-8")
    return text, json.loads(text)


def share_compact(framework: dict, assessment: dict, with_notes: bool) -> dict:
    """The compact object the old encodeShare wrote for an assessment."""
    level_ids = [level["id"] for level in framework["levels"]]
    answers = {}
    for fn in framework["functions"]:
        answer = assessment["answers"][fn["id"]]
        entry = [level_ids.index(value) if value in level_ids else {"unsure": "u", "na": "n"}.get(value)
                 for value in (answer["current"], answer["target"])]
        entry.append(".".join(wording_hash(answer["wording"][side]) if answer[side] in level_ids else ""
                              for side in SIDES))
        if with_notes and answer["note"]:
            entry.append(answer["note"])
        answers[fn["id"]] = entry
    compact = {"f": framework["id"], "v": framework["version"], "n": assessment["name"],
               "u": assessment["updated"], "l": level_ids, "a": answers}
    return dict(compact, o=1) if with_notes else compact


def figures(framework: dict, assessment: dict) -> dict:
    """Count and score an assessment from the formulas on the old page."""
    levels = positions(framework)
    rows = [(fn["id"], assessment["answers"][fn["id"]]) for fn in framework["functions"]]
    scored = [levels[a["current"]]["position"] for _, a in rows if a["current"] in levels]
    gaps = [(index, fid, levels[a["target"]]["position"] - levels[a["current"]]["position"])
            for index, (fid, a) in enumerate(rows) if a["current"] in levels and a["target"] in levels]
    mean = sum(scored) / len(scored) if scored else None
    return {
        "total": len(rows), "answered": sum(1 for _, a in rows if a["current"] is not None),
        "scored": len(scored), "unsure": sum(1 for _, a in rows if a["current"] == "unsure"),
        "na": sum(1 for _, a in rows if a["current"] == "na"),
        "rounded": None if mean is None else math.floor(mean * 10 + 0.5) / 10,
        "mean_gap": sum(g for _, _, g in gaps) / len(gaps) if gaps else None,
        "next_steps": [fid for _, fid, _ in sorted((g for g in gaps if g[2] > 0), key=lambda g: (-g[2], g[0]))],
    }


# ------------------------------------------------------------------ the tests

def test_frameworks_differ_as_the_readme_says():
    old, new = FRAMEWORKS["0.9.0"], FRAMEWORKS["1.0.0"]
    old_ids, new_ids = [fn["id"] for fn in old["functions"]], [fn["id"] for fn in new["functions"]]
    assert new_ids == old_ids + ["customer-relationships-and-satisfaction"]
    assert old["levels"] == new["levels"]
    changed = [(o["id"], level) for o, n in zip(old["functions"], new["functions"])
               for level in o["descriptors"] if o["descriptors"][level] != n["descriptors"][level]]
    assert changed == [("agreement", "proactive")]


@pytest.mark.parametrize("version", sorted(STORES))
def test_each_store_holds_whole_assessments(version):
    state = STORES[version]
    assert list(state) == ["schema", "current", "assessments"] and state["schema"] == 1
    assert state["current"] in state["assessments"]
    for assessment_id, assessment in state["assessments"].items():
        assert assessment["id"] == assessment_id
        assert assessment["format"] == "partnering-handbook-assessment" and assessment["schema"] == 1
        framework = FRAMEWORKS[assessment["framework"]["version"]]
        assert list(assessment["answers"]) == [fn["id"] for fn in framework["functions"]]
        for answer in assessment["answers"].values():
            assert set(answer) == {"current", "target", "note", "wording"}
            assert answer["current"] in {*positions(framework), "unsure", "na", None}
            assert answer["target"] in {*positions(framework), None}
            assert set(answer["wording"]) == {side for side in SIDES if answer[side] in positions(framework)}


def test_the_catalogue_names_every_stored_assessment():
    for version, state in STORES.items():
        named = {entry["id"]: entry["name"] for entry in CATALOGUE["assessments"].values() if entry["version"] == version}
        assert named == {aid: assessment["name"] for aid, assessment in state["assessments"].items()}


@pytest.mark.parametrize("entry_name", ENTRIES)
def test_json_export_is_the_stored_assessment(entry_name):
    entry, assessment = stored(entry_name)
    exported = (FOLDER / entry["exports"]["json"]["file"]).read_bytes()
    assert exported == (json.dumps(assessment, indent=2, ensure_ascii=False) + "\n").encode()


@pytest.mark.parametrize("entry_name", ENTRIES)
def test_csv_export_follows_the_stored_answers(entry_name):
    entry, assessment = stored(entry_name)
    exported = (FOLDER / entry["exports"]["csv"]["file"]).read_bytes()
    assert exported == csv_bytes(FRAMEWORKS[entry["version"]], assessment)
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == list(assessment["answers"])


@pytest.mark.parametrize("entry_name", ENTRIES)
def test_share_links_decode_to_the_stored_assessment(entry_name):
    entry, assessment = stored(entry_name)
    links = [link for link in LINKS if link["assessment"] == entry_name]
    assert sorted(link["notes"] for link in links) == [False, True]
    for link in links:
        assert link["url"].endswith(CATALOGUE["origin_path"] + "#" + link["fragment"])
        text, compact = decode_fragment(link["fragment"])
        expected = share_compact(FRAMEWORKS[entry["version"]], assessment, link["notes"])
        assert compact == expected
        assert text == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("entry_name", ENTRIES)
def test_the_page_showed_the_figures_of_the_formulas(entry_name):
    entry, assessment = stored(entry_name)
    framework, shown = FRAMEWORKS[entry["version"]], entry["shown"]
    want = figures(framework, assessment)
    assert shown["progress"] == f"{want['answered']} of {want['total']} answered"
    assert shown["scored"] == f"{want['scored']} of {want['total']}"
    assert shown["excluded"] == f"{want['unsure'] + want['na']} ({want['unsure']} not sure, {want['na']} not relevant)"
    assert shown["mean"] == (None if want["rounded"] is None else f"{want['rounded']:g}")
    assert shown["mean_gap"] == ("–" if want["mean_gap"] is None else f"{want['mean_gap']:.1f}")
    assert shown["below_target"] == str(len(want["next_steps"])) and shown["next_steps"] == want["next_steps"]
    assert shown["table"] == (table(framework, assessment) if want["scored"] else {})


def table(framework: dict, assessment: dict) -> dict:
    """The old page's levels table: function id -> [current, target, gap, note when any note]."""
    levels, rows = positions(framework), {}
    with_notes = any(answer["note"] for answer in assessment["answers"].values())
    for fid, answer in assessment["answers"].items():
        cells = [f"{levels[answer[side]]['position']} {levels[answer[side]]['name']}" if answer[side] in levels
                 else OTHER_ANSWERS.get(answer[side], "Not answered") for side in SIDES]
        gap = levels[answer["target"]]["position"] - levels[answer["current"]]["position"] \
            if answer["current"] in levels and answer["target"] in levels else None
        cells.append("–" if gap is None else f"+{gap}" if gap > 0 else f"\u2212{-gap}" if gap < 0 else "0")
        rows[fid] = cells + ([answer["note"]] if with_notes else [])
    return rows


def test_the_older_assessment_was_upgraded_as_the_old_code_does():
    _, before = stored("older@0.9.0")
    _, after = stored("older@1.0.0")
    assert before["framework"]["version"] == "0.9.0" and "upgrade" not in before
    assert after["framework"]["version"] == "1.0.0"
    assert after["upgrade"] == {"from": "0.9.0", "removed": [], "levels": [],
                                "added": ["customer-relationships-and-satisfaction"]}
    assert {fid: after["answers"][fid] for fid in before["answers"]} == before["answers"]
    old_wording = FRAMEWORKS["0.9.0"]["functions"][2]["descriptors"]["proactive"]
    assert after["answers"]["agreement"]["wording"]["current"] == old_wording
    assert CATALOGUE["assessments"]["older@1.0.0"]["shown"]["upgrade_notice"][-1] == (
        f"Agreement, Proactive (today): was “{old_wording}”; now “Letter of intent”.")


def test_notes_hold_the_hard_cases():
    notes = "".join(answer["note"] for assessment in STORES["1.0.0"]["assessments"].values()
                    for answer in assessment["answers"].values())
    for needed in (",", '"', "\n", "\t", "=", "@", "-", "ü", "日本語", "🤝"):
        assert needed in notes
