"""The downloads page: built from the outlines and the compiled files, checked as HTML and in Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from conftest import REPO, ROOTS, compile_argv

from brief_builder.app.cli import main
from brief_builder.app.site import read_pdf
from brief_builder.cldr import file_size as human_size

MINIMAL = ROOTS / "minimal" / "sources"
MAGIC = {
    ".pdf": b"%PDF-",
    ".docx": b"PK\x03\x04",
    ".html": b"<!doctype html>",
    ".png": b"\x89PNG\r\n\x1a\n",
}
"""What each linked file must start with (HTML compared case-insensitively)."""


@pytest.fixture(scope="module")
def minimal_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the minimal sources, so that the cache kept beside them is this module's own."""
    copy = tmp_path_factory.mktemp("project") / "sources"
    shutil.copytree(MINIMAL, copy)
    return copy


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, minimal_sources: Path) -> tuple[Path, str]:
    """The minimal library compiled by ``brief site``: the output folder and what was printed."""
    output = tmp_path_factory.mktemp("site") / "output"
    capture = tmp_path_factory.mktemp("capture") / "out.txt"
    saved = sys.stdout
    with capture.open("w", encoding="utf-8") as stream:
        sys.stdout = stream
        try:
            code = main(["site", "--sources", str(minimal_sources), "--output", str(output)])
        finally:
            sys.stdout = saved
    assert code == 0
    return output, capture.read_text(encoding="utf-8")


def _starts_right(path: Path) -> bool:
    head = path.read_bytes()[:32]
    magic = MAGIC[path.suffix]
    return head.lower().startswith(magic) if path.suffix == ".html" else head.startswith(magic)


def _check_links(document: lxml.html.HtmlElement, folder: Path) -> list[str]:
    """Every link and image of the page, each checked to be a relative path to a file of its type."""
    targets = [*document.xpath("//a/@href"), *document.xpath("//img/@src")]
    checked = []
    for target in targets:
        if target.startswith("#"):
            continue
        assert not re.match(r"^[a-z]+:|^/", target), f"{target}: expected a relative link"
        path = folder / target
        assert path.is_file(), f"{target}: no such file"
        assert _starts_right(path), f"{target}: not a {path.suffix} file"
        checked.append(target)
    return checked


def _brief(document: lxml.html.HtmlElement, title: str) -> lxml.html.HtmlElement:
    (heading,) = document.xpath("//article/div/h2[normalize-space()=$t]", t=title)
    return heading.getparent().getparent()


def _facts(article: lxml.html.HtmlElement) -> dict[str, str]:
    return {
        div.find("dt").text_content(): div.find("dd").text_content().strip()
        for div in article.xpath(".//dl[@class='facts']/div")
    }


def test_site_lists_every_brief_with_its_facts_and_files(site: tuple[Path, str]) -> None:
    output, printed = site
    document = lxml.html.fromstring((output / "index.html").read_bytes())
    assert document.get("lang") == "en"
    assert [e.tag for e in document.xpath("/html/body/*[self::header or self::main or self::footer]")] == [
        "header",
        "main",
        "footer",
    ]
    assert [h.text_content() for h in document.xpath("//h1")] == ["Policy briefs"]
    titles = [h.text_content() for h in document.xpath("//main//h2")]
    assert titles == ["Testing brief", "Community brainstorming: Testing"]  # newest first

    policy = _brief(document, "Testing brief")
    pages = re.search(r"policy\.pdf \((\d+) pages", printed)
    assert pages is not None
    assert _facts(policy) == {
        "Date": "1 July 2021",
        "Language": "English",
        "Layout": "policy-brief",
        "Status": "Draft",
        "Pages": pages.group(1),
    }
    assert policy.xpath(".//p[@class='subtitle']")[0].text_content() == "A brief for tests"
    assert _facts(_brief(document, "Community brainstorming: Testing"))["Layout"] == "event-summary"

    links = policy.xpath(".//ul[@class='downloads']//a")
    assert [a.get("href") for a in links] == ["policy.pdf", "policy.docx", "policy.html"]
    assert [" ".join(a.text_content().split()) for a in links] == [
        f"PDF of Testing brief, {human_size((output / 'policy.pdf').stat().st_size)}",
        f"Word (DOCX) of Testing brief, {human_size((output / 'policy.docx').stat().st_size)}",
        f"Web page (HTML) of Testing brief, {human_size((output / 'policy.html').stat().st_size)}",
    ]
    (thumbnail,) = policy.xpath(".//img")
    assert thumbnail.get("alt") == "Page 1 of Testing brief"
    assert thumbnail.get("src") == "thumbnails/policy.png"
    assert printed.endswith(f"wrote {output / 'index.html'} (2 briefs)\n")
    (style,) = document.xpath("//head/style")
    assert style.text.strip() == (REPO / "layouts" / "site" / "site.css").read_text(encoding="utf-8").strip()


def test_every_link_of_the_page_is_a_relative_path_to_a_file_of_its_type(site: tuple[Path, str]) -> None:
    output, _ = site
    document = lxml.html.fromstring((output / "index.html").read_bytes())
    checked = _check_links(document, output)
    assert len(checked) == 2 * (3 + 1)  # two briefs: three downloads and a thumbnail each


def test_the_thumbnail_is_page_one_of_the_pdf(site: tuple[Path, str]) -> None:
    output, _ = site
    pages, png = read_pdf(output / "policy.pdf")
    assert pages is not None and pages >= 1
    assert png == (output / "thumbnails" / "policy.png").read_bytes()


def test_without_pypdfium2_the_page_has_no_thumbnails_or_page_counts(
    minimal_sources: Path, site: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, _ = site
    copy = tmp_path / "output"
    shutil.copytree(output, copy, ignore=shutil.ignore_patterns("thumbnails", "index.html"))
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import now raises ImportError
    assert read_pdf(copy / "policy.pdf") == (None, None)
    assert main(compile_argv(minimal_sources, copy, "policy", formats="html", extra=("--site",))) == 0
    document = lxml.html.fromstring((copy / "index.html").read_bytes())
    assert document.xpath("//img") == []
    assert "Pages" not in _facts(_brief(document, "Testing brief"))
    assert len(_check_links(document, copy)) == 6
    assert not (copy / "thumbnails").exists()


def test_compile_site_lists_only_the_briefs_that_have_files(
    tmp_path: Path, capsys, minimal_sources: Path
) -> None:
    output = tmp_path / "output"
    argv = compile_argv(minimal_sources, output, "event", formats="html", extra=("--site",), quiet=False)
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"wrote {output / 'index.html'} (1 brief; no thumbnail for event)"
    )
    document = lxml.html.fromstring((output / "index.html").read_bytes())
    assert [h.text_content() for h in document.xpath("//main//h2")] == ["Community brainstorming: Testing"]
    assert document.xpath("//main//a/@href") == ["event.html"]


def test_a_second_site_build_renders_and_parses_nothing_again(
    site: tuple[Path, str], minimal_sources: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from brief_builder.pipeline import render as batch
    from brief_builder.sources import library

    output, _ = site
    page = (output / "index.html").read_bytes()

    def again(*args, **kwargs):
        raise AssertionError("done again")

    monkeypatch.setattr(batch, "render_brief", again)
    monkeypatch.setattr(library, "read_yaml", again)
    assert main(["--debug", "site", "--sources", str(minimal_sources), "--output", str(output)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "up to date: event",
        "up to date: policy",
        f"wrote {output / 'index.html'} (2 briefs)",
    ]
    assert (output / "index.html").read_bytes() == page


def test_an_unreadable_pdf_gives_no_thumbnail_but_a_page(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really\n")
    assert read_pdf(broken) == (None, None)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

CHECK_SCRIPT = """
<script>
window.addEventListener("load", () => {
  for (const img of document.images) {
    img.dataset.loaded = img.complete && img.naturalWidth > 0 ? "yes" : "no";
  }
  document.body.dataset.checked = "yes";
});
</script>
"""
"""Added to a copy of the page only: marks each image as loaded or not, for the dumped DOM."""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make check-tools installs it)")
def test_the_page_in_headless_chromium(site: tuple[Path, str], tmp_path: Path) -> None:
    output, _ = site
    probe = output / "chromium-probe.html"
    probe.write_text(
        (output / "index.html").read_text(encoding="utf-8").replace("</body>", CHECK_SCRIPT + "</body>"),
        encoding="utf-8",
    )
    try:
        result = subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=5000",
                "--dump-dom",
                probe.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "HOME": str(tmp_path)},
            check=False,
        )
    finally:
        probe.unlink()
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    document = lxml.html.fromstring(result.stdout)
    assert document.xpath("//body/@data-checked") == ["yes"], "the page did not finish loading"
    assert [h.text_content() for h in document.xpath("//main//h2")] == [
        "Testing brief",
        "Community brainstorming: Testing",
    ]
    assert document.xpath("//img/@data-loaded") == ["yes", "yes"]
    assert len(_check_links(document, output)) == 8


def test_the_downloads_are_pdf_docx_and_html_of_the_format_registry() -> None:
    from brief_builder.app.site import DOWNLOADS
    from brief_builder.renderers import FORMATS

    assert [kind.format for kind in DOWNLOADS] == ["pdf", "docx", "html"]
    assert all(kind.format in FORMATS for kind in DOWNLOADS)
    assert {kind.suffix for kind in DOWNLOADS} == set(MAGIC) - {".png"}


def test_site_stops_on_errors_before_writing(minimal: Path, tmp_path: Path, capsys) -> None:
    (minimal / "projects" / "alpha.yaml").write_text("acronym: A\n", encoding="utf-8")
    output = tmp_path / "output"
    assert main(["site", "--sources", str(minimal), "--output", str(output)]) == 1
    assert capsys.readouterr().err == (
        "sources/projects/alpha.yaml:1: title: expected a value (this field is required), got nothing\n"
        "not compiled: event (errors in sources/projects/alpha.yaml)\n"
        "not compiled: policy (errors in sources/projects/alpha.yaml)\n"
        "1 error in 1 file\n"
    )
    assert not output.exists()


def test_compile_site_never_replaces_an_edited_page_or_brief(tmp_path: Path, capsys, minimal: Path) -> None:
    output = tmp_path / "output"
    argv = compile_argv(minimal, output, formats="html", extra=("--site",), quiet=False)
    assert main(argv) == 0
    index, brief = output / "index.html", output / "event.html"
    index.write_text("<!doctype html><p>our own downloads page</p>\n", encoding="utf-8")
    capsys.readouterr()
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert err == (
        f"brief: error: {index}: changed since brief-builder wrote it; not replaced"
        " (run again with --overwrite to replace it)\n"
    )
    assert "wrote" not in out
    assert index.read_text(encoding="utf-8") == "<!doctype html><p>our own downloads page</p>\n"
    brief.write_text("<!doctype html><p>edited</p>\n", encoding="utf-8")
    assert main(argv) == 1
    assert (
        capsys.readouterr().err.splitlines()[1].startswith(f"{brief}: changed since brief-builder wrote it")
    )
    assert brief.read_text(encoding="utf-8") == "<!doctype html><p>edited</p>\n"
    assert main([*argv, "--overwrite"]) == 0
    assert b"Community brainstorming" in index.read_bytes()
    assert b"Community brainstorming" in brief.read_bytes()
    assert main(argv) == 0


def test_site_refuses_an_edited_page_before_compiling_and_overwrite_restores_it(
    site: tuple[Path, str], minimal_sources: Path, capsys
) -> None:
    output, _ = site
    index = output / "index.html"
    page = index.read_bytes()
    index.write_bytes(page.replace(b"Policy briefs", b"Our briefs"))
    argv = ["site", "--sources", str(minimal_sources), "--output", str(output)]
    capsys.readouterr()
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""  # stopped before writing anything: not even "up to date"
    assert err.splitlines() == [
        f"brief: error: {index}: changed since brief-builder wrote it; not replaced"
        " (run again with --overwrite to replace it)"
    ]
    assert b"Our briefs" in index.read_bytes()
    assert main([*argv, "--overwrite"]) == 0
    assert index.read_bytes() == page
