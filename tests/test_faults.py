"""Tests of faults while compiling: a full disk or an interruption leaves every earlier output whole."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import compile_argv, extending_layout

from brief_builder.app.cli import main
from brief_builder.errors import OutputError
from brief_builder.pipeline import output


def failing_fsync(monkeypatch: pytest.MonkeyPatch, after: int, error: BaseException) -> None:
    """Make the ``after``-th fsync (from 0) of pipeline/output.py raise ``error`` (a full disk)."""
    calls = [0]
    real = os.fsync

    def fsync(fd: int) -> None:
        calls[0] += 1
        if calls[0] > after:
            raise error
        real(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)


def test_a_set_of_files_is_written_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "b.html", tmp_path / "b.md"
    output.write_set([(first, b"old html"), (second, b"old md")])
    failing_fsync(monkeypatch, 1, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError) as caught:
        output.write_set([(first, b"new html"), (second, b"new md")])
    assert (
        str(caught.value)
        == f"{second}: cannot write: No space left on device; none of b.html, b.md was replaced"
    )
    assert first.read_bytes() == b"old html" and second.read_bytes() == b"old md"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.html", "b.md"]


def test_an_interruption_while_staging_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_fsync(monkeypatch, 1, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        output.write_set([(tmp_path / "b.html", b"html"), (tmp_path / "b.md", b"md")])
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_during_a_compile_keeps_the_old_set(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = compile_argv(minimal, out, "policy", formats="html,md", extra=("--no-cache",))
    assert main(argv) == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    (minimal / "briefs" / "policy.yaml").write_text(
        (minimal / "briefs" / "policy.yaml").read_text(encoding="utf-8").replace("Testing brief", "Changed"),
        encoding="utf-8",
    )
    capsys.readouterr()
    failing_fsync(monkeypatch, 1, OSError(errno.ENOSPC, "No space left on device"))
    assert main(argv) == 1
    assert "No space left on device; none of policy.html, policy.md was replaced" in capsys.readouterr().err
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


ENDLESS = (
    "{% block cover %}{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    "{% endblock %}\n"
)
"""A cover that takes hours to render: the signal surely arrives while the workers render."""


@pytest.mark.parametrize(("signal_number", "group"), [(signal.SIGINT, True), (signal.SIGTERM, False)])
def test_an_interrupted_parallel_compile_exits_130_quietly(
    minimal: Path, tmp_path: Path, signal_number: int, group: bool
) -> None:
    """Ctrl-C reaches every process of the terminal's group; SIGTERM (a CI job cancelled) the main one."""
    extending_layout(tmp_path / "layouts" / "slow", ENDLESS)
    for name in ("policy", "event"):
        brief = minimal / "briefs" / f"{name}.yaml"
        text = brief.read_text(encoding="utf-8")
        brief.write_text(re.sub(r"(?m)^layout: .*$", "layout: slow", text), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "policy.html").write_bytes(b"old")
    command = [sys.executable, "-m", "brief_builder", "compile", "--all", "--sources", str(minimal)]
    command += ["--layouts", str(tmp_path / "layouts"), "--format", "html,pdf", "--output", str(out)]
    command += ["--jobs", "3", "--no-cache"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(4)  # imports done, the workers rendering the endless cover
    assert process.poll() is None
    if group:
        os.killpg(process.pid, signal_number)
    else:
        process.send_signal(signal_number)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "\nbrief: interrupted; no file was half-written\n" or err == (
        "brief: interrupted; no file was half-written\n"
    )
    assert sorted(path.name for path in out.iterdir()) == ["policy.html"]
    assert (out / "policy.html").read_bytes() == b"old"
    assert not workers_left(process.pid)


def workers_left(group: int) -> bool:
    """Whether a process of ``group`` still runs a few seconds on (the workers are stopped, not left)."""
    for _ in range(50):
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    os.killpg(group, signal.SIGKILL)
    return True
