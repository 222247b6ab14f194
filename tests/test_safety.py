"""Hostile input and interrupted work: nothing is fetched, leaked, half-written or random."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, compile_argv, extending_layout

from brief_builder.app.cli import main

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% raw %} &amp; <w:t>x</w:t> ]]>"


def single_quoted(text: str) -> str:
    """``text`` as a single-quoted YAML string, which YAML reads back letter for letter."""
    return "'" + text.replace("'", "''") + "'"


def practice_yaml(title: str, summary: str) -> str:
    """A practice of project alpha in Italy with ``title`` and ``summary``."""
    return (
        f"title: {single_quoted(title)}\nproject: alpha\nlocation:\n  country: Italy\n"
        f"summary: {single_quoted(summary)}\ntopics: [internationalisation]\n"
    )


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it gets."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_rendering_never_contacts_the_network_nor_reads_outside_files(
    minimal: Path, write, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    layouts = tmp_path / "layouts"
    extending_layout(
        layouts / "nosy",
        "{% block styles %}{{ super() }}<style>@import url('" + url + "/import.css');"
        "body { background: url('" + url + "/bg.png') }</style>{% endblock %}\n"
        "{% block cover %}<h1>{{ meta.title }}</h1><img src='" + url + "/logo.png' alt='x'>"
        "<object data='file:///etc/passwd'></object><img src='file:///etc/passwd' alt='p'>"
        "<iframe src='file:///etc/passwd'></iframe>{% endblock %}\n",
    )
    write(
        "practices/linked.yaml",
        practice_yaml("Linked", f"See [the site]({url}/page) and ![image]({url}/image.png)."),
    )
    write(
        "briefs/policy.yaml", "title: Nosy\nlayout: nosy\nsections:\n  - title: P\n    include: practices\n"
    )
    output = tmp_path / "out"
    code = main(
        compile_argv(
            str(minimal), str(output), "policy", formats="pdf,docx,html", extra=("--layouts", str(layouts))
        )
    )
    assert code == 0
    assert requests == []
    pdf = output / "policy.pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "root:" not in text
    assert b"root:x:0:0" not in pdf.read_bytes()
    with zipfile.ZipFile(output / "policy.docx") as package:
        assert all(b"root:x:0:0" not in package.read(name) for name in package.namelist())


def test_source_text_appears_literally_in_every_format(minimal: Path, write, tmp_path: Path) -> None:
    write("practices/hostile.yaml", practice_yaml(HOSTILE, "Plain"))
    output = tmp_path / "out"
    assert main(compile_argv(str(minimal), str(output), "policy", formats="docx,html")) == 0
    from html.parser import HTMLParser

    import docx

    document = docx.Document(str(output / "policy.docx"))
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(HOSTILE in text for text in texts)

    class Text(HTMLParser):
        found = ""

        def handle_data(self, data: str) -> None:
            self.found += data

    parser = Text(convert_charrefs=True)
    parser.feed((output / "policy.html").read_text(encoding="utf-8"))
    assert HOSTILE in parser.found
    assert "<script>alert" not in (output / "policy.html").read_text(encoding="utf-8")


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_outputs_are_byte_identical_from_run_to_run(tmp_path: Path) -> None:
    """Two compiles in separate processes (other hash seeds, other times) give the same bytes."""
    runs = []
    for n, seed in enumerate(("1", "2")):
        output = tmp_path / f"run{n}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "brief_builder",
                *compile_argv(
                    str(REPO / "sources"), str(output), formats="pdf,docx,html", extra=("--no-cache",)
                ),
            ],
            check=True,
            env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": seed, "HOME": str(tmp_path)},
        )
        runs.append(_hashes(output))
    assert runs[0] == runs[1]
    assert len(runs[0]) == 6


def test_two_compiles_at_once_never_leave_a_corrupt_file(tmp_path: Path) -> None:
    output = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "brief_builder",
        *compile_argv(
            str(REPO / "sources"),
            str(output),
            "community-brainstorming-2021-05-20",
            formats="pdf,docx",
            extra=("--no-cache",),
        ),
    ]
    processes = [subprocess.Popen(command) for _ in range(2)]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    pdf = (output / "community-brainstorming-2021-05-20.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    with zipfile.ZipFile(output / "community-brainstorming-2021-05-20.docx") as package:
        assert package.testzip() is None
    assert sorted(p.name for p in output.iterdir()) == [
        "community-brainstorming-2021-05-20.docx",
        "community-brainstorming-2021-05-20.pdf",
    ]


WORLD_TEXT = (
    "مرحبا بالعالم שלום 中小企业国际化 日本語のテキスト e\u0301\u0301 combining 🚀🇪🇺 emoji "
    + "Donaudampfschifffahrtsgesellschaftskapitän" * 4
    + " https://example.org/"
    + "a-very-long-path/" * 12
)


def test_scripts_emoji_and_very_long_words_render_in_every_format(
    minimal: Path, write, tmp_path: Path
) -> None:
    write("practices/world.yaml", practice_yaml("World", WORLD_TEXT))
    output = tmp_path / "out"
    assert main(compile_argv(str(minimal), str(output), "policy", formats="pdf,docx,html")) == 0
    assert "中小企业国际化" in (output / "policy.html").read_text(encoding="utf-8")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(output / "policy.pdf"), "-"], capture_output=True, text=True
        ).stdout
        assert "Donaudampfschifffahrtsgesellschaftskapit" in text.replace("\n", "").replace("-", "")
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", "-box", str(output / "policy.pdf")], capture_output=True, text=True
        ).stdout
        assert "Pages:" in info
    with zipfile.ZipFile(output / "policy.docx") as package:
        assert "中小企业国际化".encode() in package.read("word/document.xml")
