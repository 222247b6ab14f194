"""Editions: a brief that lists ``languages:`` compiles once per language, from the translations."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import lxml.html
import pikepdf
import pytest
from conftest import REPO, compile_argv, git_project, needs, needs_git, pdf_text
from lxml import etree
from test_translate_cli import fill

from brief_builder.app.cli import main

POLICY = "sme-internationalisation"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """The example sources, the policy brief published in French and German, all its French translated."""
    target = tmp_path / "sources"
    shutil.copytree(REPO / "sources", target)
    brief = target / "briefs" / f"{POLICY}.yaml"
    brief.write_text(brief.read_text().replace("language: en\n", "language: en\nlanguages: [fr, de]\n"))
    exported = tmp_path / "fr.xlf"
    argv = ["translate", "export", POLICY, "--language", "fr", "--output", str(exported)]
    assert main([*argv, "--sources", str(target)]) == 0
    fill(exported, lambda text: f"FR {text}")
    assert main(["translate", "import", str(exported), "--sources", str(target)]) == 0
    return target


def compile_(sources: Path, output: Path, formats: str, *extra: str, quiet: bool = True) -> int:
    return main(compile_argv(sources, output, POLICY, formats=formats, extra=extra, quiet=quiet))


def test_every_edition_is_written_beside_the_brief(sources: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "output"
    capsys.readouterr()
    assert compile_(sources, output, "md", "--force", quiet=False) == 0  # the brief is final, de untranslated
    printed = capsys.readouterr()
    assert printed.out.splitlines()[-1].startswith("compiled 1 brief and 2 editions in ")
    assert sorted(path.name for path in output.iterdir()) == [
        f"{POLICY}.de.md",
        f"{POLICY}.fr.md",
        f"{POLICY}.md",
    ]
    assert 'title: "Internationalisation of SMEs"' in (output / f"{POLICY}.md").read_text()
    assert 'title: "FR Internationalisation of SMEs"' in (output / f"{POLICY}.fr.md").read_text()
    german = (output / f"{POLICY}.de.md").read_text()
    assert "Internationalisation of SMEs" in german and "FR " not in german  # no German: the English text
    err = printed.err.splitlines()
    assert f"sources/briefs/{POLICY}.yaml:6: warning: title: no de translation" in err
    assert not [line for line in err if "no fr translation" in line or "fr translation is" in line]


def test_language_builds_one_edition(sources: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "output"
    capsys.readouterr()
    assert compile_(sources, output, "md", "--language", "fr", quiet=False) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("compiled 1 edition in ")
    assert [path.name for path in output.iterdir()] == [f"{POLICY}.fr.md"]
    assert compile_(sources, output, "md", "--language", "en") == 0
    assert sorted(path.name for path in output.iterdir()) == [f"{POLICY}.fr.md", f"{POLICY}.md"]


@needs("pdftotext")
def test_the_french_edition_has_french_text_labels_and_language(sources: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert compile_(sources, output, "pdf,docx,html", "--language", "fr") == 0
    text = pdf_text(output / f"{POLICY}.fr.pdf")
    assert "FR Internationalisation of SMEs" in text
    assert "SOMMAIRE" in text.upper() and "juillet 2021" in text  # the layout's label, the CLDR month
    assert "Contents" not in text
    html = etree.HTML((output / f"{POLICY}.fr.html").read_bytes())
    assert html.get("lang") == "fr"
    assert html.findtext(".//title").startswith("FR Internationalisation of SMEs")
    assert "Sommaire" in "".join(html.itertext())
    with zipfile.ZipFile(output / f"{POLICY}.fr.docx") as docx:
        document = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
        core = docx.read("docProps/core.xml").decode()
    assert "FR Internationalisation of SMEs" in document and "Sommaire" in document
    assert 'w:lang w:val="fr' in styles
    assert "<dc:title>FR Internationalisation of SMEs</dc:title>" in core and "<dc:language>fr" in core
    with pikepdf.open(output / f"{POLICY}.fr.pdf") as pdf:
        assert str(pdf.Root.Lang) == "fr"
        assert bytes(pdf.trailer.ID[0]) != pdf_identifier_of_the_brief()  # a document of its own
        assert str(pdf.open_metadata().get("dc:title")) == "FR Internationalisation of SMEs"


def test_an_english_edit_makes_the_translation_stale(sources: Path, tmp_path: Path, capsys) -> None:
    path = sources / "practices" / "go4export.yaml"
    path.write_text(path.read_text().replace("for one first target market", "for two target markets"))
    output = tmp_path / "output"
    capsys.readouterr()
    assert compile_(sources, output, "html", "--language", "fr") == 1  # the brief is final: refused
    err = capsys.readouterr().err
    assert f"refusing to compile {POLICY}.fr as final: 1 warning remains" in err
    assert not output.exists()
    assert compile_(sources, output, "html", "--language", "fr", "--force") == 0
    translation = [line for line in capsys.readouterr().err.splitlines() if " fr " in line]
    assert translation == [
        "sources/practices/go4export.yaml:16: warning: summary: fr translation is out of date"
    ]
    text = "".join(etree.HTML((output / f"{POLICY}.fr.html").read_bytes()).itertext())
    assert "for two target markets" in text  # the English text
    assert "FR An interactive development programme" not in text  # not the stale French
    assert "FR GO4EXPORT" in text


def test_final_refuses_an_edition_with_untranslated_units(sources: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "output"
    capsys.readouterr()
    assert compile_(sources, output, "md", "--language", "de", "--final") == 1
    err = capsys.readouterr().err
    assert f"sources/briefs/{POLICY}.yaml:6: warning: title: no de translation" in err
    assert f"refusing to compile {POLICY}.de as final" in err
    assert not output.exists()
    assert compile_(sources, output, "md", "--language", "fr", "--final") == 0  # every French unit translated
    assert "translation" not in capsys.readouterr().err
    assert sorted(path.name for path in output.iterdir()) == [f"{POLICY}.fr.md"]


def test_a_final_brief_is_written_while_only_an_edition_is_refused(
    sources: Path, tmp_path: Path, capsys
) -> None:
    output = tmp_path / "output"
    capsys.readouterr()
    assert compile_(sources, output, "md") == 1  # status: final, and nothing is translated into German
    err = capsys.readouterr().err
    assert f"refusing to compile {POLICY}.de as final" in err
    assert f"refusing to compile {POLICY} as final" not in err and f"{POLICY}.fr as final" not in err
    assert sorted(path.name for path in output.iterdir()) == [f"{POLICY}.fr.md", f"{POLICY}.md"]


def test_a_language_that_is_no_tag_is_located(sources: Path, capsys) -> None:
    brief = sources / "briefs" / f"{POLICY}.yaml"
    brief.write_text(brief.read_text().replace("languages: [fr, de]", "languages: [fr, Deutsch]"))
    assert main(["validate", "--sources", str(sources)]) == 1
    assert f"sources/briefs/{POLICY}.yaml:11: languages[2]: expected" in capsys.readouterr().err


def test_the_downloads_page_lists_a_brief_once_with_its_languages(sources: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert compile_(sources, output, "html", "--site", "--force") == 0
    page = lxml.html.fromstring((output / "index.html").read_bytes())
    titles = [h.text_content() for h in page.xpath("//main//h2")]
    assert titles.count("Internationalisation of SMEs") == 1 and not [t for t in titles if "FR " in t]
    (article,) = [a for a in page.xpath("//article") if "Internationalisation" in a.xpath("string(.//h2)")]
    editions = article.xpath(".//ul[@class='editions']/li")
    assert [(li.get("lang"), li.xpath("string(span[@class='language'])")) for li in editions] == [
        ("fr", "Français"),
        ("de", "Deutsch"),
    ]
    links = [(a.get("href"), a.get("hreflang")) for a in article.xpath(".//ul[@class='editions']//a")]
    assert links == [(f"{POLICY}.fr.html", "fr"), (f"{POLICY}.de.html", "de")]
    own = [a.get("hreflang") for a in article.xpath(".//ul[@class='downloads']//a")]
    assert own == ["en"]


@needs_git
def test_diff_of_an_edition_shows_a_changed_translation(sources: Path, tmp_path: Path, capsys) -> None:
    project = git_project(tmp_path, sources)
    po = project / "translations" / "fr" / "practices" / "go4export.po"
    po.write_text(po.read_text().replace('msgstr "FR GO4EXPORT"', 'msgstr "GO4EXPORT (programme)"'))
    capsys.readouterr()
    assert main(["diff", POLICY, "--language", "fr", "--sources", str(project)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{POLICY}: 1 change since HEAD\n")
    assert 'title: "FR GO4EXPORT" -> "GO4EXPORT (programme)"' in out
    assert main(["diff", POLICY, "--sources", str(project)]) == 0
    assert capsys.readouterr().out == f"{POLICY}: no changes since HEAD\n"


def test_watch_previews_one_edition(sources: Path, tmp_path: Path) -> None:
    from brief_builder.app.watch import Watcher
    from brief_builder.pipeline.project import Project
    from brief_builder.renderers import RenderOptions

    output = tmp_path / "out"
    build = Watcher(Project(sources=sources), POLICY, output, RenderOptions(), language="fr").rebuild()
    assert build.paths == (output / f"{POLICY}.fr.html",)
    assert "FR Internationalisation of SMEs" in build.paths[0].read_text()
    build = Watcher(Project(sources=sources), POLICY, output, RenderOptions()).rebuild()
    assert build.paths == (output / f"{POLICY}.html",)  # the brief alone, not its editions


def pdf_identifier_of_the_brief() -> bytes:
    import hashlib

    return hashlib.sha256(f"brief-builder:{POLICY}".encode()).hexdigest()[:32].encode()


def test_a_broken_translation_file_blocks_only_its_edition(sources: Path, tmp_path: Path, capsys) -> None:
    po = sources / "translations" / "fr" / "practices" / "go4export.po"
    po.write_text(po.read_text().replace('msgstr "FR GO4EXPORT"', 'msgstr "FR GO4EXPORT'))
    output = tmp_path / "output"
    capsys.readouterr()
    assert compile_(sources, output, "md", "--force") == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "go4export.po:" in line and "warning" not in line]
    assert len(errors) == 1 and "expected a string in double quotes" in errors[0], err
    assert f"not compiled: {POLICY}.fr (errors in sources/translations/fr/practices/go4export.po)" in err
    assert sorted(path.name for path in output.iterdir()) == [f"{POLICY}.de.md", f"{POLICY}.md"]


def test_validate_checks_the_translations_as_compiling_every_edition_would(sources: Path, capsys) -> None:
    po = sources / "translations" / "fr" / "practices" / "go4export.po"
    good = po.read_text()
    po.write_text(good.replace('msgstr "FR GO4EXPORT"', 'msgstr "FR GO4EXPORT'))
    gone = po.with_name("gone.po")
    gone.write_text(good.replace("practices/go4export:", "practices/gone:"))
    (po.parent.parent / "notes.txt").write_text("to do\n")
    capsys.readouterr()
    assert main(["validate", "--sources", str(sources)]) == 1
    err = capsys.readouterr().err.splitlines()
    [broken] = [line for line in err if "go4export.po:" in line]
    assert broken.startswith("sources/translations/fr/practices/go4export.po:") and "double quotes" in broken
    assert f"sources/briefs/{POLICY}.yaml:6: warning: title: no de translation" in err  # an edition's
    assert "sources/translations/fr/notes.txt: warning: expected terms.po or one of the folders" in "\n".join(
        err
    )
    unused = [line for line in err if line.startswith("sources/translations/fr/practices/gone.po:")]
    assert len(unused) == 5 and all(line.endswith("; unused") for line in unused)
    fr = [line for line in err if "no fr translation" in line]  # the broken file's five units
    assert len(fr) == 5 and all(line.startswith("sources/practices/go4export.yaml:") for line in fr)
    # 104 units not in German, 5 of the broken file, 5 unused entries, 1 file ignored
    assert err[-1] == "1 error in 1 file (115 warnings)"

    # the stored validation knows the translation files: mended, the next run says so
    po.write_text(good)
    gone.unlink()
    (po.parent.parent / "notes.txt").unlink()
    assert main(["validate", "--sources", str(sources)]) == 0
    captured = capsys.readouterr()
    assert "translations/fr" not in captured.err and captured.out.startswith("ok: 2 briefs")
