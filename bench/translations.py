"""Turn the 5,000-practice library, translated into French, into timings of translate export and status.

    .venv/bin/python bench/translations.py [--rounds 5] [--keep DIR]

The library of ``generate.py`` (5,000 practices, 40 briefs, long briefs of 5 to 80 pages)
is translated into French as a translator's round trip does it: ``brief translate export``
of every brief, every target filled with lxml (as a CAT tool would), ``brief translate
import``. Then whole processes run side by side, alternately, round after round: ``brief
validate`` (the baseline, its source cache warm), ``brief translate export`` of the 80-page
brief and of every brief, and ``brief translate status`` of every brief. Each figure is the
median of the rounds, printed with its ratio to validate; the issue's target is under 2 s
for export and status.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

BRIEF = str(Path(sys.executable).parent / "brief")
XLIFF = "urn:oasis:names:tc:xliff:document:1.2"


def run(command: list[str], cwd: Path) -> tuple[float, str]:
    """Seconds ``command`` took in ``cwd`` and the last line it printed (the test fails if it fails)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)
    last = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return time.perf_counter() - start, last[-1] if last else ""


def briefs_of(folder: Path) -> list[str]:
    """The ids of the generated briefs."""
    return sorted(path.stem for path in (folder / "sources" / "briefs").glob("*.yaml"))


def translate(folder: Path, language: str) -> str:
    """Export every brief's units, fill every target as a CAT tool would, import the file back."""
    exported = folder / f"{language}.xlf"
    briefs = briefs_of(folder)
    run([BRIEF, "translate", "export", *briefs, "--language", language, "--output", str(exported)], folder)
    tree = etree.parse(str(exported))
    for unit in tree.iter(f"{{{XLIFF}}}trans-unit"):
        source = unit.find(f"{{{XLIFF}}}source")
        target = unit.find(f"{{{XLIFF}}}target")
        if target is None:
            target = etree.Element(f"{{{XLIFF}}}target")
            source.addnext(target)
        target.set("state", "translated")
        target.text = f"{language.upper()} {source.text or ''}"
    tree.write(str(exported), xml_declaration=True, encoding="UTF-8")
    return run([BRIEF, "translate", "import", str(exported)], folder)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="folder to generate into and keep (default: a temporary)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="brief-bench-i18n-"))
    generate(folder, 5000, 300, 100, 500, 40, [5, 10, 20, 40, 80])
    print("translating:", translate(folder, "fr"))
    commands = {
        "brief validate (baseline)": [BRIEF, "validate"],
        "export (the 80-page brief)": [BRIEF, "translate", "export", "bench-pages-80", "--language", "fr"],
        "export (every brief, XLIFF)": [BRIEF, "translate", "export", *briefs_of(folder), "--language", "fr"],
        "status (every brief)": [BRIEF, "translate", "status", "--language", "fr"],
    }
    for command in commands.values():  # warm the source cache and the OS's file cache
        run(command, folder)
    times: dict[str, list[float]] = {label: [] for label in commands}
    outputs: dict[str, str] = {}
    for _round in range(args.rounds):
        for label, command in commands.items():
            seconds, last = run(command, folder)
            times[label].append(seconds)
            outputs[label] = last if len(last) < 80 else f"{len(last)} characters"
    baseline = statistics.median(times["brief validate (baseline)"])
    for label, found in times.items():
        median = statistics.median(found)
        print(f"{label:30} {median:5.2f} s  ({median / baseline:4.2f} x validate)  {outputs[label]}")


if __name__ == "__main__":
    main()
