"""Turn the 5,000-practice library, translated into French, into timings of export and status.

    .venv/bin/python bench/translations.py [--rounds 5] [--keep DIR]

The library of ``generate.py`` (5,000 practices, 40 briefs, long briefs of 5 to 80 pages)
is translated into French as a translator's round trip does it (export every brief's
units, fill every target, import). Then whole processes run side by side, alternately,
round after round: ``brief validate`` (the baseline, its source cache warm), an export of
every brief's units to XLIFF, the status of every brief, and that status with its whole
result remembered in the source cache. Until the ``brief translate`` commands exist, these
are small scripts making the calls those commands make (below). Each figure is the median
of the rounds. PO files are parsed in every round of export and status, except in the
variants that keep their readings (a stand-in for the source cache's store, ``Readings``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent

SETUP = """
import hashlib
import pickle
from pathlib import Path
from brief_builder.pipeline.memo import SourceCache, code_key, remembered
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import validate
from brief_builder.sources.snapshot import files_digest, take_snapshot
from brief_builder.translations import (
    brief_units, export_units, read_catalog, read_documents, translation_status, union,
)

root = Path("sources")
cache = SourceCache(Path(".brief-cache"))
snapshot = take_snapshot(root)


class Readings(dict):
    # a stand-in for the source cache's store of readings: one pickle of every PO file's reading

    path = Path(".brief-cache/po-readings.pickle")

    def __init__(self):
        super().__init__(pickle.loads(self.path.read_bytes()) if self.path.exists() else {})
        self.changed = False

    @staticmethod
    def key(kind, display, raw):
        return hashlib.sha256(f"{code_key()}|{kind}|{display}|".encode() + raw).hexdigest()

    def put(self, key, value):
        self[key], self.changed = value, True

    def save(self):
        if self.changed:
            self.path.write_bytes(pickle.dumps(dict(self)))


def units_and_catalog(briefs=None):
    validation = validate(Project(sources=root), briefs, cache, snapshot)
    placed = {name: c.result.placed for name, c in validation.compiled.items()}
    documents = read_documents(root, placed, snapshot)
    units = {name: brief_units(documents, name, found) for name, found in placed.items()}
    every = union(*units.values())
    readings = Readings() if CACHED else None
    catalog = read_catalog(root, "fr", {(unit.kind, unit.item) for unit in every}, readings)
    if readings is not None:
        readings.save()
    return units, every, catalog


def status():
    units, _every, catalog = units_and_catalog()
    return [translation_status(name, found, catalog) for name, found in sorted(units.items())]
"""
EXPORT_ONE = """
units, every, catalog = units_and_catalog(["bench-pages-80"])
data = export_units(every, catalog)
Path("fr.xlf").write_bytes(data)
print(len(every), "units", len(data) // 1024, "KB")
"""
EXPORT = """
units, every, catalog = units_and_catalog()
data = export_units(every, catalog)
Path("fr.xlf").write_bytes(data)
print(len(every), "units", len(data) // 1024, "KB")
"""
STATUS = """
rows = status()
done, total = sum(row.translated for row in rows), sum(row.units for row in rows)
print(len(rows), "briefs", done, "of", total, "translated")
"""
REMEMBERED = """
what = ["translate-status", "fr", files_digest([root / "translations"])]
rows = remembered(cache, snapshot, (), what, list, status)
print(len(rows), "briefs", sum(row.translated for row in rows), "translated (remembered)")
"""
FILL = """
from lxml import etree
from brief_builder.sources.library import load_library
from brief_builder.translations import import_units

units, every, catalog = units_and_catalog()
XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
exported = etree.fromstring(export_units(every, catalog))
for unit in exported.iter(f"{{{XLIFF}}}trans-unit"):
    source = unit.find(f"{{{XLIFF}}}source")
    target = etree.Element(f"{{{XLIFF}}}target", state="translated")
    target.text = "FR " + source.text
    source.addnext(target)
library = load_library(root, cache.readings(root), snapshot)
result = import_units(etree.tostring(exported, encoding="UTF-8"), "fr.xlf", library)
for path, data in result.files.items():
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
print(result.summary())
"""


def run(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="folder to generate into and keep (default: a temporary)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="brief-bench-i18n-"))
    generate(folder, 5000, 300, 100, 500, 40, [5, 10, 20, 40, 80])
    python = str(BIN / "python")
    setup = "CACHED = False\n" + SETUP
    print("translating:", run([python, "-c", setup + FILL], folder)[1])
    commands = {
        "brief validate (baseline)": [str(BIN / "brief"), "validate"],
        "export (the 80-page brief)": [python, "-c", setup + EXPORT_ONE],
        "export (every brief, XLIFF)": [python, "-c", setup + EXPORT],
        "status (every brief)": [python, "-c", setup + STATUS],
        "export, PO readings cached": [python, "-c", "CACHED = True\n" + SETUP + EXPORT],
        "status, PO readings cached": [python, "-c", "CACHED = True\n" + SETUP + STATUS],
        "status, remembered": [python, "-c", setup + REMEMBERED],
    }
    for command in commands.values():  # warm the source cache and the OS's file cache
        run(command, folder)
    times: dict[str, list[float]] = {label: [] for label in commands}
    outputs: dict[str, str] = {}
    for _round in range(args.rounds):
        for label, command in commands.items():
            seconds, outputs[label] = run(command, folder)
            times[label].append(seconds)
    baseline = statistics.median(times["brief validate (baseline)"])
    for label, found in times.items():
        median = statistics.median(found)
        print(f"{label:30} {median:5.2f} s  ({median / baseline:4.2f} x validate)  {outputs[label]}")


if __name__ == "__main__":
    main()
