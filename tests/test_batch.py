"""Batches of briefs: parallel workers, stable shards and the build cache give the same bytes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import REPO, compile_argv

from brief_builder.app.cli import main
from brief_builder.pipeline.render import Shard

ALL_FORMATS = "pdf,docx,html,md"


def compile_(sources: Path, output: Path, *options: str, formats: str = "md,html") -> int:
    return main(compile_argv(sources, output, formats=formats, extra=options, quiet=False))


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_workers_write_the_same_bytes_as_one_process(minimal: Path, tmp_path: Path, capsys) -> None:
    assert compile_(minimal, tmp_path / "one", "--jobs", "1", "--no-cache", formats=ALL_FORMATS) == 0
    assert compile_(minimal, tmp_path / "two", "--jobs", "2", "--no-cache", formats=ALL_FORMATS) == 0
    one, two = files_of(tmp_path / "one"), files_of(tmp_path / "two")
    assert sorted(one) == sorted(f"{b}.{ext}" for b in ("event", "policy") for ext in ALL_FORMATS.split(","))
    assert one == two
    # --no-cache fills no build cache: the folder holds only the record of the outputs written
    assert [p.name for p in (tmp_path / ".brief-cache").iterdir()] == ["outputs.json"]
    assert capsys.readouterr().err == ""  # no progress bar when stderr is not a terminal


def test_one_briefs_formats_render_in_workers_as_in_one_process(minimal: Path, tmp_path: Path) -> None:
    """With one brief, --jobs 2 splits its files over two workers; the bytes do not change."""
    for jobs in ("1", "2"):
        argv = compile_argv(minimal, tmp_path / jobs, "policy", formats=ALL_FORMATS, extra=("--jobs", jobs))
        assert main([*argv, "--no-cache"]) == 0
    assert files_of(tmp_path / "1") == files_of(tmp_path / "2")
    assert sorted(files_of(tmp_path / "2")) == [f"policy.{ext}" for ext in sorted(ALL_FORMATS.split(","))]


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_every_brief_is_in_exactly_one_shard(count: int) -> None:
    names = [f"brief-{n:02d}" for n in range(20)]
    shards = [Shard(index, count).select(names) for index in range(1, count + 1)]
    assert sorted(name for shard in shards for name in shard) == sorted(names)
    assert max(map(len, shards)) - min(map(len, shards)) <= 1
    assert Shard(1, count).select(list(reversed(names))) == shards[0]  # stable whatever the order


def test_shards_of_the_command_cover_the_briefs_once(minimal: Path, tmp_path: Path) -> None:
    for index in (1, 2):
        assert (
            compile_(
                minimal, tmp_path / f"shard-{index}", "--shard", f"{index}/2", "--no-cache", formats="md"
            )
            == 0
        )
    assert [p.name for p in (tmp_path / "shard-1").iterdir()] == ["event.md"]
    assert [p.name for p in (tmp_path / "shard-2").iterdir()] == ["policy.md"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("3/2", "--shard: expected 1 <= K <= N, got '3/2'"),
        ("0/2", "--shard: expected 1 <= K <= N, got '0/2'"),
        ("1/0", "--shard: expected 1 <= K <= N, got '1/0'"),
        ("2", "--shard: expected K/N such as 1/4, got '2'"),
        ("a/b", "--shard: expected K/N such as 1/4, got 'a/b'"),
    ],
)
def test_bad_shards_are_usage_errors(minimal: Path, tmp_path: Path, capsys, value: str, message: str) -> None:
    assert compile_(minimal, tmp_path / "out", "--shard", value) == 2
    assert capsys.readouterr().err == f"brief: error: {message}\n"
    assert not (tmp_path / "out").exists()


def test_shard_with_named_briefs_is_a_usage_error(minimal: Path, capsys) -> None:
    assert main(["compile", "policy", "--shard", "1/2", "--sources", str(minimal)]) == 2
    assert "--shard slices --all" in capsys.readouterr().err


def test_jobs_must_be_positive(minimal: Path, tmp_path: Path) -> None:
    assert compile_(minimal, tmp_path / "out", "--jobs", "0") == 2


def test_a_cached_build_equals_a_fresh_one(minimal: Path, tmp_path: Path, capsys) -> None:
    cache = tmp_path / "cache"
    assert compile_(minimal, tmp_path / "first", "--cache-dir", str(cache), formats=ALL_FORMATS) == 0
    capsys.readouterr()
    assert compile_(minimal, tmp_path / "cached", "--cache-dir", str(cache), formats=ALL_FORMATS) == 0
    out = capsys.readouterr().out
    assert "up to date" not in out  # the files came from the cache, but the folder did not hold them
    assert f"wrote {tmp_path / 'cached' / 'event.pdf'}" in out
    assert compile_(minimal, tmp_path / "cached", "--cache-dir", str(cache), formats=ALL_FORMATS) == 0
    out = capsys.readouterr().out
    assert "up to date: event\nup to date: policy\n" in out
    assert "wrote" not in out
    assert compile_(minimal, tmp_path / "fresh", "--no-cache", formats=ALL_FORMATS) == 0
    assert files_of(tmp_path / "cached") == files_of(tmp_path / "fresh")


def test_default_cache_sits_next_to_the_output_folder(minimal: Path, tmp_path: Path, capsys) -> None:
    assert compile_(minimal, tmp_path / "out") == 0
    assert any((tmp_path / ".brief-cache").rglob("*.bin"))
    capsys.readouterr()
    assert compile_(minimal, tmp_path / "out") == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert re.fullmatch(r"compiled 2 briefs in \d+\.\d s \(2 up to date\)", last)


def test_editing_a_practice_rebuilds_only_the_briefs_it_appears_in(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    output = tmp_path / "out"
    assert compile_(minimal, output) == 0
    before = files_of(output)
    capsys.readouterr()
    text = (minimal / "practices" / "alpha-academy.yaml").read_text(encoding="utf-8")
    write("practices/alpha-academy.yaml", text.replace("export managers", "export staff"))
    assert compile_(minimal, output) == 0
    after = files_of(output)
    assert capsys.readouterr().out.splitlines()[:3] == [
        "up to date: event",
        f"wrote {output / 'policy.md'} ({len(after['policy.md']) / 1024:.0f} KB)",
        f"wrote {output / 'policy.html'} ({len(after['policy.html']) / 1024:.0f} KB)",
    ]
    assert after["event.html"] == before["event.html"]
    assert b"export staff" in after["policy.md"] and after["policy.md"] != before["policy.md"]


def test_changing_a_layout_file_invalidates_its_briefs(minimal: Path, tmp_path: Path, capsys) -> None:
    layouts = tmp_path / "layouts"
    shutil.copytree(REPO / "layouts" / "policy-brief", layouts / "policy-brief")
    options = ("--layouts", str(layouts))
    assert compile_(minimal, tmp_path / "out", *options) == 0
    capsys.readouterr()
    assert compile_(minimal, tmp_path / "out", *options) == 0
    assert "up to date: policy" in capsys.readouterr().out
    with (layouts / "policy-brief" / "screen.css").open("a", encoding="utf-8") as css:
        css.write("\n/* changed */\n")
    assert compile_(minimal, tmp_path / "out", *options) == 0
    out = capsys.readouterr().out
    assert "up to date: policy" not in out
    assert f"wrote {tmp_path / 'out' / 'policy.html'}" in out
    assert b"/* changed */" in (tmp_path / "out" / "policy.html").read_bytes()


def test_other_code_or_libraries_render_afresh_and_a_reinstall_does_not(monkeypatch) -> None:
    from brief_builder.pipeline import memo, render_cache
    from brief_builder.renderers import RenderOptions

    def key() -> str:
        return render_cache.render_key("outline", "layout", RenderOptions(), "pdf")

    first = key()
    assert "weasyprint==70." in render_cache.libraries_key()
    module = Path(memo.__file__)
    status = module.stat()
    os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))  # installed again
    try:
        memo.code_key.cache_clear()
        assert key() == first
    finally:
        os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns))
    monkeypatch.setattr(render_cache, "code_key", lambda: "other code")
    assert key() != first
    monkeypatch.undo()
    monkeypatch.setattr(render_cache, "libraries_key", lambda: "weasyprint==71.0")
    assert key() != first


def run_with_terminal_stderr(argv: list[str], cwd: Path) -> tuple[str, str]:
    """Run ``brief`` with stderr on a pseudo-terminal (as in a shell) and stdout on a pipe."""
    leader, follower = os.openpty()
    chunks: list[bytes] = []

    def drain() -> None:  # read as it comes, so that a full terminal buffer never blocks brief
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "brief_builder", *argv], cwd=cwd, stdout=subprocess.PIPE, stderr=follower
        )
        os.close(follower)
        out = process.communicate(timeout=120)[0].decode()
        reader.join(timeout=10)
    finally:
        os.close(leader)
    assert process.returncode == 0
    return out, b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_is_drawn_on_a_terminal_only(minimal: Path, tmp_path: Path) -> None:
    argv = [
        "compile",
        "--all",
        "--format",
        "md",
        "--no-cache",
        "--jobs",
        "1",
        "--sources",
        str(minimal),
        "--output",
        str(tmp_path / "out"),
    ]
    out, terminal = run_with_terminal_stderr(argv, tmp_path)
    assert "compiling" in terminal and "2/2" in terminal
    assert out.splitlines()[0] == f"wrote {tmp_path / 'out' / 'event.md'} (1 KB)"
    quiet_out, quiet_terminal = run_with_terminal_stderr(["--quiet", *argv], tmp_path)
    assert quiet_out == "" and "compiling" not in quiet_terminal


def test_edited_outputs_are_each_named_and_none_is_replaced_until_overwrite(
    minimal: Path, write, tmp_path: Path, capsys
) -> None:
    output = tmp_path / "out"
    assert compile_(minimal, output) == 0
    (output / "policy.md").write_text("edited by hand\n", encoding="utf-8")
    (output / "event.html").write_text("<!doctype html><p>edited</p>\n", encoding="utf-8")
    before = files_of(output)
    text = (minimal / "practices" / "alpha-academy.yaml").read_text(encoding="utf-8")
    write("practices/alpha-academy.yaml", text.replace("export managers", "export staff"))
    capsys.readouterr()
    assert compile_(minimal, output) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"brief: error: {output / 'event.html'}: changed since brief-builder wrote it; not replaced"
        " (run again with --overwrite to replace it)",
        f"{output / 'policy.md'}: changed since brief-builder wrote it; not replaced"
        " (run again with --overwrite to replace it)",
    ]
    assert "wrote" not in out
    assert files_of(output) == before  # policy.html changed in the sources, yet nothing is written
    assert compile_(minimal, output, "--overwrite") == 0
    after = files_of(output)
    assert b"export staff" in after["policy.md"] and b"Community brainstorming" in after["event.html"]
    assert compile_(minimal, output) == 0  # what --overwrite wrote is recorded: it is up to date


def test_without_the_build_cache_edited_outputs_are_still_protected(
    minimal: Path, tmp_path: Path, capsys
) -> None:
    output, cache = tmp_path / "out", tmp_path / "no-such-cache"
    assert compile_(minimal, output, "--no-cache", "--cache-dir", str(cache)) == 0
    assert [p.name for p in cache.iterdir()] == ["outputs.json"]  # the record, no build cache
    (output / "event.md").write_text("edited by hand\n", encoding="utf-8")
    capsys.readouterr()
    assert compile_(minimal, output, "--no-cache", "--cache-dir", str(cache)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"brief: error: {output / 'event.md'}: changed since brief-builder wrote it;")
    assert "Traceback" not in err
    assert (output / "event.md").read_text(encoding="utf-8") == "edited by hand\n"
    assert compile_(minimal, output, "--cache-dir", str(cache)) == 1  # with the build cache alike


def test_a_file_brief_builder_never_wrote_is_replaced(minimal: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "out"
    output.mkdir()
    (output / "event.md").write_text("put here by hand\n", encoding="utf-8")
    assert compile_(minimal, output) == 0
    assert (
        (output / "event.md").read_text(encoding="utf-8").startswith('---\ntitle: "Community brainstorming')
    )


def test_the_message_suggests_brief_review_for_the_files_it_reads() -> None:
    from brief_builder.pipeline.written import changed_message

    for name in ("out/b.docx", "out/b.pdf"):
        assert changed_message(Path(name)) == (
            f"{name}: changed since brief-builder wrote it; not replaced (read the edits with"
            f" `brief review {name}`, then run again with --overwrite to replace it)"
        )
    assert "brief review" not in changed_message(Path("out/b.html"))


def test_the_record_keeps_what_another_command_recorded_meanwhile(tmp_path: Path) -> None:
    from brief_builder.pipeline.written import Manifest

    record = tmp_path / "cache" / "outputs.json"
    compile_run, watch_run = Manifest.load(record), Manifest.load(record)  # both started
    watch_run.record([(tmp_path / "out" / "a.html", b"a")])
    compile_run.record([(tmp_path / "out" / "b.pdf", b"b")])
    assert set(Manifest.load(record).files) == {
        str(tmp_path / "out" / "a.html"),
        str(tmp_path / "out" / "b.pdf"),
    }
