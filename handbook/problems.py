"""Problems found in a project's files, kept as data and printed together."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import field

from .records import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at one line (0 when the file as a whole is meant)."""

    path: str
    line: int
    message: str
    severity: str = ERROR
    column: int = 0

    def format(self) -> str:
        """Return the problem as `path:line: message` for the terminal."""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        label = "" if self.severity == ERROR else "warning: "
        return f"{where}: {label}{self.message}"

    def annotation(self) -> str:
        """Return the problem as a GitHub Actions workflow command."""
        kind = "error" if self.severity == ERROR else "warning"
        props = f"file={_escape_property(self.path)}"
        if self.line:
            props += f",line={self.line}"
            if self.column:
                props += f",col={self.column}"
        return f"::{kind} {props}::{_escape_data(self.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    """Collect problems while loading and checking, without stopping at the first."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str, column: int = 0) -> None:
        """Record an error."""
        self.problems.append(Problem(path, line or 0, message, ERROR, column or 0))

    def warn(self, path: str, line: int, message: str, column: int = 0) -> None:
        """Record a warning (fatal under --strict)."""
        self.problems.append(Problem(path, line or 0, message, WARNING, column or 0))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def failed(self, strict: bool) -> bool:
        """Tell whether the build must stop: any error, or any warning under strict."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Problem]:
        """Return unique problems sorted by file, line and message."""
        return sorted(set(self.problems), key=lambda p: (p.path, p.line, p.column, p.message))


NEAR = 0.6  # how alike two words must be (difflib's ratio) for one to be taken as a typo of the other


def near_miss(word: str, choices) -> str | None:
    """Return the choice closest to word when it is close enough to be a typo, else None."""
    word, choices = str(word), [str(c) for c in choices]
    if not any(_may_be_near(word, choice) for choice in choices):
        return None  # as difflib would say, without loading it (a build's every own anchor asks)
    import difflib  # here: only a near miss needs it, and a build without one need not load it

    close = difflib.get_close_matches(word, choices, n=1, cutoff=NEAR)
    return close[0] if close else None


def _may_be_near(word: str, choice: str) -> bool:
    """Tell whether difflib could find the two near: its quick_ratio, an upper bound of its ratio.

    get_close_matches drops a choice whose quick_ratio (twice the letters the two share, counted
    with repeats, over their total length) is below the cutoff, so this keeps its answers exact.
    """
    total = len(word) + len(choice)
    if not total:
        return True  # two empty words: difflib's ratio is 1
    shared = sum((Counter(word) & Counter(choice)).values())
    return 2 * shared / total >= NEAR


def did_you_mean(word: str, choices) -> str:
    """Return ' (did you mean "x"?)' for a near miss among choices, or ''."""
    close = near_miss(word, choices)
    return f' (did you mean "{close}"?)' if close else ""


def print_report(report: Report, strict: bool, stream, github: bool | None = None) -> None:
    """Print every problem, sorted, then a count; also as annotations on GitHub Actions."""
    if github is None:
        github = bool(os.environ.get("GITHUB_ACTIONS"))
    problems = report.sorted()
    for problem in problems:
        print(problem.format(), file=stream)
    if github:
        for problem in problems:
            print(problem.annotation(), file=stream)
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    if problems:
        fatal = " (fatal under --strict)" if strict and warnings else ""
        print(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}{fatal}.", file=stream)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
