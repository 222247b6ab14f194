"""``brief translate export/import/status`` as a translator drives them: files, messages, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from conftest import REPO
from lxml import etree
from test_translations import fill as fill_units

from brief_builder.app.cli import main

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": XLIFF}
EVENT = "community-brainstorming-2021-05-20"
POLICY = "sme-internationalisation"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(REPO / "sources", target)
    return target


def fill(path: Path, translate: Callable[[str], str] = lambda text: f"FR {text}") -> None:
    """Give every trans-unit of the file a target, as a CAT tool does."""
    path.write_bytes(fill_units(path.read_bytes(), translate))


def export_argv(sources: Path, output: Path, *briefs: str) -> list[str]:
    """``brief translate export BRIEFS --language fr --output OUTPUT`` on ``sources``."""
    return [
        "translate",
        "export",
        *briefs,
        "--language",
        "fr",
        "--output",
        str(output),
        "--sources",
        str(sources),
    ]


def status(sources: Path, capsys: pytest.CaptureFixture[str], *briefs: str) -> list[dict]:
    capsys.readouterr()
    assert (
        main(["translate", "status", *briefs, "--language", "fr", "--json", "--sources", str(sources)]) == 0
    )
    return json.loads(capsys.readouterr().out)


def test_export_fill_import_then_status(sources: Path, tmp_path: Path, capsys) -> None:
    exported = tmp_path / "sme.fr.xlf"
    argv = ["translate", "export", POLICY, EVENT, "--language", "fr", "--output", str(exported)]
    assert main([*argv, "--sources", str(sources)]) == 0
    assert capsys.readouterr().err == f"wrote {exported}\n"
    root = etree.parse(str(exported)).getroot()
    units = root.findall(".//x:trans-unit", NS)
    assert len(units) == len({unit.get("id") for unit in units}) == 121  # each once: 28 + 104, 11 shared
    assert {f.get("target-language") for f in root.iterfind("x:file", NS)} == {"fr"}

    before = status(sources, capsys)
    assert [(r["brief"], r["units"], r["translated"], r["missing"]) for r in before] == [
        (EVENT, 28, 0, 28),
        (POLICY, 104, 0, 104),
    ]
    fill(exported)
    capsys.readouterr()
    assert main(["translate", "import", str(exported), "--sources", str(sources)]) == 0
    out = capsys.readouterr().out
    assert out.endswith("imported 121 fr translations (121 new, 0 updated)\n")
    assert f"wrote {sources / 'translations' / 'fr' / 'practices' / 'go4export.po'}\n" in out
    after = status(sources, capsys)
    assert [(r["brief"], r["units"], r["translated"], r["stale"], r["missing"]) for r in after] == [
        (EVENT, 28, 28, 0, 0),
        (POLICY, 104, 104, 0, 0),
    ]
    assert after[1]["words"] == after[1]["translated_words"] == 2436
    entry = polib.pofile(str(sources / "translations/fr/practices/go4export.po")).find(
        "practices/go4export:title", by="msgctxt"
    )
    assert (entry.msgid, entry.msgstr) == ("GO4EXPORT", "FR GO4EXPORT")

    # an English edit: that unit is stale, the others stay translated
    path = sources / "practices" / "go4export.yaml"
    path.write_text(path.read_text().replace("for one first target market", "for two target markets"))
    stale = status(sources, capsys, POLICY)
    assert [(r["translated"], r["stale"], r["missing"]) for r in stale] == [(103, 1, 0)]
    assert main(["translate", "status", POLICY, "--language", "fr", "--sources", str(sources)]) == 0
    assert capsys.readouterr().out == (
        "brief                     language  units  words  translated  stale  missing\n"
        f"{POLICY}  fr          104   2435         103      1        0\n"  # "two target markets": a word less
    )


def test_import_reports_located_problems_and_never_drops_a_translation(
    sources: Path, tmp_path: Path, capsys
) -> None:
    exported = tmp_path / "event.fr.xlf"
    argv = ["translate", "export", EVENT, "--language", "fr", "--output", str(exported)]
    assert main([*argv, "--sources", str(sources)]) == 0
    fill(exported)
    assert main(["translate", "import", str(exported), "--sources", str(sources)]) == 0
    root = etree.parse(str(exported)).getroot()
    body = root.find(".//x:body", NS)
    unknown = etree.SubElement(body, f"{{{XLIFF}}}trans-unit", id="practices/nowhere:title")
    etree.SubElement(unknown, f"{{{XLIFF}}}source").text = "Nowhere"
    etree.SubElement(unknown, f"{{{XLIFF}}}target").text = "Nulle part"
    title = root.find(f".//x:trans-unit[@id='briefs/{EVENT}:subtitle']", NS)
    title.find("x:target", NS).text = ""
    exported.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    lines = {tu.get("id"): tu.sourceline for tu in etree.parse(str(exported)).iterfind(".//x:trans-unit", NS)}
    capsys.readouterr()
    assert main(["translate", "import", str(exported), "--sources", str(sources)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{exported}:{lines[f'briefs/{EVENT}:subtitle']}: warning: briefs/{EVENT}:subtitle: no translation; "
        "skipped; the existing translation is kept",
        f"{exported}:{lines['practices/nowhere:title']}: warning: practices/nowhere:title: expected the id "
        "of one of the practices, got unknown id 'nowhere' in 'practices/nowhere:title'; skipped",
    ]
    assert captured.out == "imported 0 fr translations (0 new, 0 updated); 27 unchanged, 1 unknown, 1 empty\n"
    assert status(sources, capsys, EVENT)[0]["translated"] == 28  # nothing dropped


def test_export_never_replaces_translations_not_yet_imported(sources: Path, tmp_path: Path, capsys) -> None:
    exported = tmp_path / "event.fr.xlf"
    argv = export_argv(sources, exported, EVENT)
    assert main(argv) == 0
    assert main(argv) == 0  # nothing translated yet: exporting again is free
    fill(exported)
    filled = exported.read_bytes()
    capsys.readouterr()
    assert main(argv) == 1
    assert capsys.readouterr().err == (
        f"brief: error: {exported}: holds 28 fr translations not yet in {sources / 'translations' / 'fr'}/; "
        f"not replaced (import them with `brief translate import {exported}`, or run again with "
        "--overwrite to replace it)\n"
    )
    assert exported.read_bytes() == filled
    assert main(["translate", "import", str(exported), "--sources", str(sources)]) == 0
    assert main(argv) == 0  # imported: the export writes the same translations as targets
    assert etree.parse(str(exported)).find(".//x:target", NS).text.startswith("FR ")

    fill(exported, lambda text: f"FR2 {text}")
    assert main([*argv, "--format", "po"]) == 1  # the format asked for does not matter
    assert main([*argv, "--overwrite"]) == 0
    assert etree.parse(str(exported)).find(".//x:target", NS).text.startswith("FR ")

    other = tmp_path / "notes.xlf"
    other.write_text("my own notes\n")
    capsys.readouterr()
    assert main(export_argv(sources, other, EVENT)) == 1
    assert capsys.readouterr().err == (
        f"brief: error: {other}: not an exchange file brief-builder can read; not replaced "
        "(choose another --output, or run again with --overwrite to replace it)\n"
    )
    assert other.read_text() == "my own notes\n"


def test_an_import_that_cannot_be_read_writes_nothing(sources: Path, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.xlf"
    broken.write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n  <file>\n')
    assert main(["translate", "import", str(broken), "--sources", str(sources)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}:") and "error" in err
    assert not (sources / "translations").exists()
    assert main(["translate", "import", str(tmp_path / "none.xlf"), "--sources", str(sources)]) == 2
    assert "none.xlf: cannot read" in capsys.readouterr().err


def test_po_export_to_standard_output(sources: Path, capsys) -> None:
    assert (
        main(["translate", "export", EVENT, "--language", "de", "--format", "po", "--sources", str(sources)])
        == 0
    )
    po = polib.pofile(capsys.readouterr().out)
    assert po.metadata["Language"] == "de" and len(po) == 28
    assert po[0].msgctxt == f"briefs/{EVENT}:subtitle"  # its title is the session's


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", EVENT, "--language", "français"], "--language: expected a BCP 47 language tag"),
        (["export", EVENT, "--language", "en"], "--language: the briefs are written in 'en'"),
        (["export", "nowhere", "--language", "fr"], "unknown brief 'nowhere'"),
    ],
)
def test_usage_errors(sources: Path, argv: list[str], message: str, capsys) -> None:
    assert main(["translate", *argv, "--sources", str(sources)]) == 2
    assert message in capsys.readouterr().err


def test_translate_toolkit_reads_the_exported_file(sources: Path, tmp_path: Path) -> None:
    tool = shutil.which("xliff2po") or shutil.which("xliff2po", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("Translate Toolkit's xliff2po is not installed")
    exported = tmp_path / "sme.fr.xlf"
    assert main(export_argv(sources, exported, POLICY)) == 0
    done = subprocess.run([tool, str(exported), str(tmp_path / "fr.po")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr.upper()
    assert len(polib.pofile(str(tmp_path / "fr.po"))) == 104
