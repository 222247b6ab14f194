"""The downloads page is a layout like the others: replaced or extended by yours, titled by brief.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOTS

from brief_builder.app.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "team"
    shutil.copytree(ROOTS / "minimal" / "sources", folder / "sources")
    (folder / "layouts").mkdir()
    monkeypatch.chdir(folder)
    return folder


def toml(project: Path, site: str) -> None:
    (project / "brief.toml").write_text(
        f'layouts = ["layouts"]\njobs = 1\n\n[site]\n{site}', encoding="utf-8"
    )


def page(project: Path) -> lxml.html.HtmlElement:
    assert main(["-q", "compile", "--all", "--format", "html", "--site"]) == 0
    return lxml.html.fromstring((project / "output" / "index.html").read_bytes())


def test_title_and_intro_come_from_brief_toml(project: Path) -> None:
    toml(project, 'title = "Green briefs"\nintro = "Read them *all*; [more](https://example.org/more)."\n')
    document = page(project)
    assert document.xpath("//title")[0].text_content() == "Green briefs: downloads"
    assert [h.text_content() for h in document.xpath("//h1")] == ["Green briefs"]
    (intro,) = document.xpath("//header//p[@class='intro']")
    assert intro.text_content() == "Read them all; more."
    assert intro.xpath(".//em")[0].text_content() == "all"
    assert intro.xpath(".//a/@href") == ["https://example.org/more"]


def test_without_a_title_the_page_is_policy_briefs(project: Path) -> None:
    toml(project, "")
    assert [h.text_content() for h in page(project).xpath("//h1")] == ["Policy briefs"]


def test_a_site_layout_of_ones_own_extends_the_built_in(project: Path) -> None:
    ours = project / "layouts" / "site"
    ours.mkdir()
    (ours / "site.yaml").write_text("extends: site\n", encoding="utf-8")
    (ours / "site.css").write_text("body { background: #f0f7f4; }\n", encoding="utf-8")
    toml(project, 'title = "Ours"\n')
    document = page(project)
    assert document.xpath("//head/style")[0].text.strip() == "body { background: #f0f7f4; }"
    assert [h.text_content() for h in document.xpath("//main//h2")]  # the built-in template lists the briefs


def test_brief_toml_names_the_site_layout_and_its_template_overrides_blocks(project: Path) -> None:
    ours = project / "layouts" / "our-site"
    ours.mkdir()
    (ours / "site.yaml").write_text("description: Ours\nextends: site\n", encoding="utf-8")
    (ours / "index.html.jinja").write_text(
        '{% extends "site/index.html.jinja" %}\n'
        '{% block footer %}<footer class="ours"><p>{{ title }} by the green team</p></footer>'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    toml(project, 'title = "Green briefs"\nlayout = "our-site"\n')
    document = page(project)
    assert document.xpath("//footer")[0].text_content() == "Green briefs by the green team"
    assert document.xpath("//main//h2")


def test_a_site_layout_that_does_not_exist_is_located_in_brief_toml(project: Path, capsys) -> None:
    toml(project, 'layout = "our-site"\n')
    assert main(["-q", "site"]) == 2
    assert capsys.readouterr().err == (
        "brief.toml:5: site.layout: expected one of the layouts of the downloads page site, got 'our-site'\n"
        "brief: error: 1 error in brief.toml\n"
    )
    assert not (project / "output").exists()  # checked before anything is compiled


def test_an_intro_link_must_be_a_web_or_mail_link(project: Path, capsys) -> None:
    toml(project, 'intro = "[local](file:///etc/passwd)"\n')
    assert main(["validate"]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "brief.toml:5: site.intro: expected links to http, https or mailto URLs, got 'file:///etc/passwd'"
    )
