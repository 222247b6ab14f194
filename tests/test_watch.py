"""brief watch: a save triggers a rebuild, the served page changes, errors print as validate prints them."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from brief_builder.app.cli import main
from brief_builder.app.watch import Build, Watcher, problems_page, with_reload
from brief_builder.pipeline.project import Project
from brief_builder.renderers import RenderOptions

WAIT = 60.0
"""Seconds any one wait may last before the test fails."""


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _until(condition: Callable[[], object], what: str) -> object:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up after {WAIT:.0f} s waiting for {what}")


def _save_until(path: Path, text: str, condition: Callable[[], object], what: str) -> None:
    """Save ``text`` to ``path`` until ``condition`` holds, saving again every 2 s.

    The watcher cannot say when it has started watching, so a save made just before that
    would be missed; saving the same text again is harmless.
    """
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        path.write_text(text, encoding="utf-8")
        retry = time.monotonic() + 2
        while time.monotonic() < min(retry, deadline):
            if condition():
                return
            time.sleep(0.1)
    raise AssertionError(f"gave up after {WAIT:.0f} s waiting for {what}")


class Running:
    """``brief watch`` in a subprocess, its output lines collected by reader threads."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "brief_builder", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self.lines: queue.Queue[str] = queue.Queue()
        for stream, into in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, into), daemon=True).start()

    def _read(self, stream, into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def watching(minimal: Path) -> Iterator[tuple[Running, str]]:
    """``brief watch policy`` on a copy of the minimal sources; always stopped afterwards."""
    running = Running(
        ["watch", "policy", "--port", "0", "--sources", "sources", "--output", "out"], cwd=minimal.parent
    )
    try:
        line = _until(lambda: next((x for x in running.out if x.startswith("serving ")), None), "the server")
        match = re.match(r"serving (http://127\.0\.0\.1:\d+/) ", str(line))
        assert match, line
        yield running, match.group(1)
    finally:
        running.stop()


def test_a_save_rebuilds_and_the_served_page_changes(watching: tuple[Running, str], minimal: Path) -> None:
    running, url = watching
    assert running.out[0].startswith(f"build 1: wrote {Path('out') / 'policy.html'} in ")
    assert _get(url + "__version") == (200, "1")
    status, page = _get(url)
    assert status == 200
    assert "<title>Testing brief" in page
    assert 'fetch("/__version"' in page
    compiled = (minimal.parent / "out" / "policy.html").read_text(encoding="utf-8")
    assert "__version" not in compiled, "the reload script must stay out of the compiled file"

    brief = minimal / "briefs" / "policy.yaml"
    edited = brief.read_text(encoding="utf-8").replace("title: Testing brief", "title: Edited")
    _save_until(brief, edited, lambda: "<title>Edited" in _get(url)[1], "the rebuild after the edit")
    assert int(_get(url + "__version")[1]) >= 2
    assert "Edited" in (minimal.parent / "out" / "policy.html").read_text(encoding="utf-8")
    assert any(
        re.match(r"build \d+: wrote ", line) and "after changes to sources/briefs/policy.yaml" in line
        for line in running.out
    )
    assert _get(url + "favicon.ico")[0] == 404


def test_errors_print_as_validate_prints_them(
    watching: tuple[Running, str],
    minimal: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    running, url = watching
    project = minimal / "projects" / "alpha.yaml"
    fixed = project.read_text(encoding="utf-8")
    failed = re.compile(r"build \d+ failed")
    _save_until(
        project, fixed + "bogus: 1\n", lambda: any(failed.match(x) for x in running.err), "the failed build"
    )
    monkeypatch.chdir(minimal.parent)  # validate shows paths as the watcher, started here, does
    assert main(["validate", "--sources", "sources"]) == 1
    expected = capsys.readouterr().err.splitlines()
    assert running.err[: len(expected)] == expected
    assert expected[0].startswith("sources/projects/alpha.yaml:")
    status, page = _get(url)
    assert status == 200
    assert "did not build: 1 error in 1 file" in page
    assert "unknown key &#x27;bogus&#x27;" in page

    _save_until(project, fixed, lambda: "<title>Testing brief" in _get(url)[1], "the build after the fix")


def test_watcher_in_a_thread_stops_when_asked(minimal: Path, tmp_path: Path) -> None:
    watcher = Watcher(Project(sources=minimal), "event", tmp_path / "out", RenderOptions())
    assert watcher.rebuild().ok
    url = watcher.serve(0)
    assert url.startswith("http://127.0.0.1:")
    assert watcher.server is not None and watcher.server.server_address[0] == "127.0.0.1"
    builds: list[Build] = []
    stop = threading.Event()
    thread = threading.Thread(target=watcher.watch, args=(builds.append, stop), daemon=True)
    thread.start()
    try:
        practice = minimal / "practices" / "mid-check.yaml"
        _save_until(practice, practice.read_text(encoding="utf-8") + "\n", lambda: builds, "a rebuild")
        assert builds[0].ok
        assert builds[0].changed == ("sources/practices/mid-check.yaml",)
        assert _get(url + "__version") == (200, str(builds[-1].version))
        assert builds[0].version == 2
    finally:
        stop.set()
        thread.join(timeout=WAIT)
        watcher.close()
    assert not thread.is_alive()


def test_reload_script_goes_before_the_last_body_end() -> None:
    page = with_reload(b"<html><body><p>&lt;/body&gt;</p></body></html>", 7)
    assert page.startswith(b"<html><body><p>&lt;/body&gt;</p><script>")
    assert page.endswith(b"</script>\n</body></html>")
    assert b'var shown = "7";' in page
    assert with_reload(b"<p>fragment</p>", 1).startswith(b"<p>fragment</p><script>")


def test_problems_page_escapes_what_it_shows() -> None:
    from brief_builder.errors import Problem

    page = problems_page("x", [Problem("sources/a.yaml", 3, "title", "got '<script>'")]).decode()
    assert "<code>sources/a.yaml:3: title: got &#x27;&lt;script&gt;&#x27;</code>" in page
    assert "<script>" not in page


def test_files_created_and_deleted_within_a_batch_are_not_reported(tmp_path: Path) -> None:
    from watchfiles import Change

    from brief_builder.app.watch import _lasting

    kept = tmp_path / "kept.yaml"
    kept.write_text("a: 1\n")
    gone = str(tmp_path / "removed.yaml")
    temporary = str(tmp_path / "sedX1y2")
    changes = {
        (Change.modified, str(kept)),
        (Change.deleted, gone),
        (Change.added, temporary),
        (Change.deleted, temporary),
    }
    assert _lasting(changes) == {str(kept), gone}


def _run_briefly(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A watch that must exit by itself; killed (and the test failed) if it does not within WAIT."""
    return subprocess.run(
        [sys.executable, "-m", "brief_builder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )


def test_other_formats_are_recompiled_beside_the_served_html(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    watcher = Watcher(Project(sources=minimal), "event", out, RenderOptions(), formats=["pdf", "html"])
    first = watcher.rebuild()
    assert first.paths == (out / "event.html", out / "event.pdf")
    assert first.path == out / "event.html"
    assert watcher.preview.current()[1] == (out / "event.html").read_bytes()
    before = (out / "event.pdf").read_bytes()
    assert before.startswith(b"%PDF-")
    brief = minimal / "briefs" / "event.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("Testing", "Retitled"), encoding="utf-8")
    assert watcher.rebuild(["sources/briefs/event.yaml"]).ok
    assert (out / "event.pdf").read_bytes() != before
    assert "Retitled" in (out / "event.html").read_text(encoding="utf-8")


def test_an_unknown_format_is_a_usage_error(minimal: Path) -> None:
    result = _run_briefly(["watch", "event", "--format", "pdf,odt", "--sources", "sources"], minimal.parent)
    assert result.returncode == 2
    assert "unknown format 'odt'; expected one of pdf, docx, html, md" in result.stderr


def test_an_unknown_brief_is_a_usage_error(minimal: Path) -> None:
    result = _run_briefly(["watch", "nope", "--port", "0", "--sources", "sources"], minimal.parent)
    assert result.returncode == 2
    assert result.stderr == ("brief: error: unknown brief 'nope'; the briefs in sources are: event, policy\n")


def test_a_port_in_use_is_a_usage_error(minimal: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run_briefly(
            ["watch", "event", "--port", str(port), "--sources", "sources", "--output", "out"], minimal.parent
        )
    assert result.returncode == 2
    assert result.stderr == (
        f"brief: error: --port: cannot serve on 127.0.0.1:{port}: Address already in use\n"
    )


def test_deleting_the_watched_brief_fails_the_build_but_not_the_watch(minimal: Path, tmp_path: Path) -> None:
    watcher = Watcher(Project(sources=minimal), "event", tmp_path / "out", RenderOptions())
    assert watcher.rebuild().ok
    (minimal / "briefs" / "event.yaml").unlink()
    build = watcher.rebuild(["sources/briefs/event.yaml"], keep_going=True)
    assert not build.ok
    assert [str(p) for p in build.problems] == [
        "event: unknown brief 'event'; the briefs in " + str(minimal) + " are: policy"
    ]
    assert build.version == 2
    assert "did not build" in watcher.preview.current()[1].decode()


def test_a_rebuild_parses_only_the_sources_saved_since_the_last(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brief_builder.sources import library

    parsed: list[str] = []
    read_yaml = library.read_yaml

    def counting(path: Path, *args, **kwargs):
        parsed.append(path.relative_to(minimal).as_posix())
        return read_yaml(path, *args, **kwargs)

    monkeypatch.setattr(library, "read_yaml", counting)
    watcher = Watcher(Project(sources=minimal), "event", tmp_path / "out", RenderOptions(), tmp_path / ".c")
    assert watcher.rebuild().ok
    assert len(parsed) == len(list(minimal.rglob("*.yaml")))
    parsed.clear()
    practice = minimal / "practices" / "mid-check.yaml"
    practice.write_text(practice.read_text(encoding="utf-8") + "\n# saved again\n", encoding="utf-8")
    assert watcher.rebuild(["sources/practices/mid-check.yaml"]).ok
    assert parsed == ["practices/mid-check.yaml"]


def test_an_edited_output_is_kept_and_the_preview_shows_the_rebuild(minimal: Path, tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / ".c" / "outputs.json"
    watcher = Watcher(
        Project(sources=minimal), "event", out, RenderOptions(), formats=["md"], manifest=manifest
    )
    assert watcher.rebuild().kept == ()
    (out / "event.md").write_text("annotated by hand\n", encoding="utf-8")
    brief = minimal / "briefs" / "event.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("Testing", "Retitled"), encoding="utf-8")
    build = watcher.rebuild(["sources/briefs/event.yaml"], keep_going=True)
    assert build.ok and build.kept == (out / "event.md",)
    assert build.paths == (out / "event.html",)
    assert (out / "event.md").read_text(encoding="utf-8") == "annotated by hand\n"
    assert "Retitled" in (out / "event.html").read_text(encoding="utf-8")

    (out / "event.html").write_text("<!doctype html><p>edited</p>\n", encoding="utf-8")
    brief.write_text(brief.read_text(encoding="utf-8").replace("Retitled", "Renamed"), encoding="utf-8")
    build = watcher.rebuild(["sources/briefs/event.yaml"], keep_going=True)
    assert build.ok and build.paths == () and build.kept == (out / "event.html", out / "event.md")
    assert build.path is None
    assert b"Renamed" in watcher.preview.current()[1]  # it keeps serving the rebuilt page
    assert (out / "event.html").read_text(encoding="utf-8") == "<!doctype html><p>edited</p>\n"

    again = Watcher(
        Project(sources=minimal),
        "event",
        out,
        RenderOptions(),
        formats=["md"],
        manifest=manifest,
        overwrite=True,
    )
    build = again.rebuild()
    assert build.kept == () and build.paths == (out / "event.html", out / "event.md")
    assert "Renamed" in (out / "event.md").read_text(encoding="utf-8")
    assert watcher.rebuild().kept == ()  # what --overwrite wrote is recorded


def test_the_watch_reports_an_edited_output_and_keeps_serving(
    watching: tuple[Running, str], minimal: Path
) -> None:
    running, url = watching
    compiled = minimal.parent / "out" / "policy.html"
    compiled.write_text("<!doctype html><p>edited by hand</p>\n", encoding="utf-8")
    brief = minimal / "briefs" / "policy.yaml"
    edited = brief.read_text(encoding="utf-8").replace("title: Testing brief", "title: Edited")
    _save_until(brief, edited, lambda: "<title>Edited" in _get(url)[1], "the rebuild after the edit")
    warning = (
        f"brief: warning: {Path('out') / 'policy.html'}: changed since brief-builder wrote it; not replaced"
        " (run again with --overwrite to replace it)"
    )
    _until(lambda: warning in running.err, "the warning")
    assert compiled.read_text(encoding="utf-8") == "<!doctype html><p>edited by hand</p>\n"
    assert any(re.match(r"build \d+: wrote nothing after changes to", line) for line in running.out)
    assert running.process.poll() is None
    assert not any("Traceback" in line for line in running.err)
