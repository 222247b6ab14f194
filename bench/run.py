"""Turn generated libraries and the example briefs into timed command pairs, written to bench/results.md.

    make bench                 # or: .venv/bin/python bench/run.py [--rounds 9] [--slow-rounds 5]

Every figure times whole processes side by side: the commands of a pair (or triple) run
alternately, round after round. Each command's median is shown; a ratio is the median of
the rounds' ratios, since the machine's slow spells hit both commands of a round. Wall time is the
figure; CPU time (user + system of the process and its children) is shown beside it
because it suffers less from other load on the machine. Peak RSS comes from wait4().
No number here is typed in: every one is measured when the script runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
BRIEF = str(BIN / "brief")
WEASYPRINT = str(BIN / "weasyprint")
EXAMPLE = "sme-internationalisation"
PAGES = (5, 10, 20, 40, 80)


@dataclass
class Timing:
    """Runs of one command: wall seconds, CPU seconds and peak RSS (KB) of each."""

    label: str
    command: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    output: str = ""

    def record(self, wall: float, cpu: float, rss: int, output: str) -> None:
        """Keep one run's figures and its output."""
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.rss.append(rss)
        self.output = output

    def label_command(self) -> tuple[str, str]:
        return self.label, self.command

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak_rss_mb(self) -> float:
        return max(self.rss) / 1024


def run_once(command: str, cwd: Path, env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall time, CPU time, peak RSS (KB, largest process) and output of one shell command."""
    started = time.perf_counter()
    process = subprocess.Popen(
        ["/bin/sh", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"bench: command failed ({process.returncode}): {command}\n{output}")
    # wait4 gives the shell's usage with its waited-for children; ru_maxrss is the largest one.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, output


def side_by_side(
    rounds: int,
    cwd: Path,
    env: dict[str, str],
    *commands: tuple[str, str],
    before_each: str | None = None,
    warm_up: bool = True,
) -> list[Timing]:
    """Run ``commands`` alternately for ``rounds`` rounds, after a warm-up round that is not kept."""
    timings = [Timing(label, command) for label, command in commands]
    for round_number in range(0 if warm_up else 1, rounds + 1):
        order = timings if round_number % 2 == 0 else list(reversed(timings))
        for timing in order:
            if before_each:
                run_once(before_each, cwd, env)
            measured = run_once(timing.command, cwd, env)
            if round_number > 0:
                timing.record(*measured)
        print(
            f"  round {round_number}/{rounds}: "
            + ", ".join(f"{t.label} {t.wall[-1]:.2f}s" for t in timings if t.wall),
            file=sys.stderr,
            flush=True,
        )
    return timings


def ratios(a: Timing, b: Timing) -> list[float]:
    """A's time over B's, round by round: the two ran within seconds of each other."""
    return [x / y for x, y in zip(a.wall, b.wall, strict=True)]


def ratio(a: Timing, b: Timing) -> float:
    """The median of the rounds' ratios: slow spells of the machine hit both commands of a round."""
    return statistics.median(ratios(a, b))


def ratio_row(figure: str, a: Timing, b: Timing, target: str, met: bool | None, rounds: int) -> str:
    verdict = "-" if met is None else ("met" if met else "**missed**")
    each = ratios(a, b)
    return (
        f"| {figure} | `{a.label}` {a.median:.2f} s (cpu {a.median_cpu:.2f}) | "
        f"`{b.label}` {b.median:.2f} s (cpu {b.median_cpu:.2f}) | "
        f"{ratio(a, b):.2f}x ({min(each):.2f}-{max(each):.2f}) | {target} | {verdict} | {rounds} |"
    )


def ratio_at_most_row(
    figure: str, a: Timing, b: Timing, most: float, rounds: int, target: str | None = None
) -> str:
    """A row whose target is met when A / B is at most ``most`` (shown as ``≤ {most}x`` unless ``target``)."""
    return ratio_row(figure, a, b, target or f"≤ {most}x", ratio(a, b) <= most, rounds)


def version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    except OSError:
        return "not installed"
    return out.strip().splitlines()[0] if out.strip() else "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="rounds of the quick pairs (median of these)")
    parser.add_argument(
        "--slow-rounds",
        type=int,
        default=5,
        help="rounds of the pairs that take minutes (at least 5: each ratio is a median of 5 or more)",
    )
    parser.add_argument("--briefs", type=int, default=40, help="briefs of the batch figure")
    parser.add_argument("--twenty", type=int, default=20, help="briefs of figure 1b/1c")
    parser.add_argument("--pages", default=",".join(map(str, PAGES)), help="page counts of figure 6")
    parser.add_argument("--large-practices", type=int, default=5000, help="practices of the large library")
    parser.add_argument("--rule-practices", type=int, default=10_000, help="practices in one rule, figure 8")
    parser.add_argument("--word", type=int, default=20_000, help="characters of the one word of figure 8")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    parser.add_argument("--keep", action="store_true", help="keep the generated libraries")
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        raise SystemExit("bench: pandoc is needed for figure 1 (make check-tools installs it)")

    work = Path(tempfile.mkdtemp(prefix="brief-bench-"))
    env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
    env.pop("SOURCE_DATE_EPOCH", None)
    load_before = os.getloadavg()
    started = time.perf_counter()
    rows: list[str] = []
    notes: list[str] = []
    R, S = args.rounds, args.slow_rounds

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def in_work(
        rounds: int, *commands: tuple[str, str], before_each: str | None = None, warm_up: bool = True
    ) -> list[Timing]:
        """``side_by_side`` in the work folder, with the bench's environment."""
        return side_by_side(rounds, work, env, *commands, before_each=before_each, warm_up=warm_up)

    say(f"generating libraries in {work}")
    small = REPO / "sources"
    generate(work / "large", args.large_practices, 300, 100, 500, briefs=0, long=[])
    generate(work / "twenty", 300, 20, 20, 60, briefs=args.twenty - 2, long=[])  # + the 2 examples
    generate(work / "batch", 300, 20, 20, 60, briefs=args.briefs - 2, long=[])
    page_counts = [int(n) for n in args.pages.split(",")]
    generate(work / "pages", 400, 5, 10, 10, briefs=0, long=page_counts)
    compile_ = f"{BRIEF} -q compile"

    # 1. against the pandoc pipeline ------------------------------------------------------
    say("figure 1: pandoc pipeline")
    md = work / "md"
    run_once(f"{compile_} --all --format md,html --no-cache --output {md} --sources {small}", work, env)
    run_once(
        f"{compile_} --all --format md --no-cache --output {work / 'md20'} "
        f"--sources {work / 'twenty' / 'sources'}",
        work,
        env,
    )
    pandoc_one = (
        f"pandoc {md / EXAMPLE}.md -o {work}/p.docx && "
        f"pandoc {md / EXAMPLE}.md -o {work}/p.pdf --pdf-engine=weasyprint"
    )
    one = in_work(
        R,
        (
            "brief compile 1 brief pdf,docx (default jobs)",
            f"{compile_} {EXAMPLE} --format pdf,docx --no-cache --sources {small} --output {work}/o1",
        ),
        ("pandoc md->docx + md->pdf", pandoc_one),
        (
            "brief compile 1 brief pdf,docx --jobs 1",
            f"{compile_} {EXAMPLE} --format pdf,docx --jobs 1 "
            f"--no-cache --sources {small} --output {work}/o1s",
        ),
    )
    rows.append(ratio_at_most_row("1a. one brief vs pandoc", one[0], one[1], 1.0, R))
    rows.append(ratio_at_most_row("1a'. same, --jobs 1 (PDF and DOCX in turn)", one[2], one[1], 1.0, R))
    pandoc_twenty = (
        f"for f in {work}/md20/*.md; do pandoc $f -o $f.docx && "
        f"pandoc $f -o $f.pdf --pdf-engine=weasyprint || exit 1; done"
    )
    twenty_sources = work / "twenty" / "sources"
    many = f"{compile_} --all --format pdf,docx --no-cache --sources {twenty_sources}"
    twenty = in_work(
        S,
        (f"brief compile {args.twenty} briefs --jobs 1", f"{many} --jobs 1 --output {work}/o20"),
        (f"brief compile {args.twenty} briefs (default jobs)", f"{many} --output {work}/o20j"),
        (f"pandoc on each of {args.twenty}", pandoc_twenty),
        warm_up=False,
    )
    rows.append(ratio_at_most_row(f"1b. {args.twenty} briefs vs pandoc", twenty[0], twenty[2], 0.5, S))
    rows.append(
        ratio_at_most_row(
            f"1c. {args.twenty} briefs, default --jobs, vs pandoc", twenty[1], twenty[2], 0.3, S
        )
    )

    # 2. against the engine floor -------------------------------------------------------------
    say("figure 2: weasyprint floor")
    floor = in_work(
        R,
        (
            "brief compile --format pdf",
            f"{compile_} {EXAMPLE} --format pdf --jobs 1 --no-cache --sources {small} --output {work}/o2",
        ),
        ("weasyprint on brief's HTML", f"{WEASYPRINT} {md / EXAMPLE}.html {work}/w.pdf"),
    )
    rows.append(ratio_at_most_row("2. engine floor", floor[0], floor[1], 1.15, R))
    # The HTML above is the screen page; inside brief-builder WeasyPrint gets the print page
    # (print.css, the bundled fonts, PDF/UA). Timing the command on that page too isolates
    # what brief-builder adds around the engine.
    print_html = work / "print.html"
    run_once(f"{sys.executable} {BENCH / 'print_html.py'} {small} {EXAMPLE} {print_html}", work, env)
    engine = in_work(
        R,
        floor[0].label_command(),
        (
            "weasyprint --pdf-variant pdf/ua-1 on the print HTML",
            f"{WEASYPRINT} --pdf-variant pdf/ua-1 {print_html} {work}/w2.pdf",
        ),
    )
    rows.append(
        ratio_at_most_row(
            "2b. same, against the page WeasyPrint is given inside brief-builder",
            engine[0],
            engine[1],
            1.15,
            R,
        )
    )

    # 3. start-up --------------------------------------------------------------------------------
    say("figure 3: start-up")
    start = side_by_side(
        2 * R,
        REPO,
        env,
        ("brief --help", f"{BRIEF} --help"),
        ("brief validate", f"{BRIEF} -q validate --sources {small}"),
        ("python -c pass", f"{sys.executable} -c pass"),
    )
    rows.append(
        ratio_row(
            "3a. start-up: --help vs bare python", start[0], start[2], "< 0.3 s", start[0].median < 0.3, 2 * R
        )
    )
    rows.append(
        ratio_row(
            "3b. start-up: validate vs bare python",
            start[1],
            start[2],
            "< 0.6 s",
            start[1].median < 0.6,
            2 * R,
        )
    )

    # 4. library size ------------------------------------------------------------------------------
    say("figure 4: large library")
    large_sources = work / "large" / "sources"
    large_cache = work / "large" / ".brief-cache"  # validate's default: beside the sources folder
    # warm: nothing changed since the last run (the warm-up round fills the source cache)
    large = in_work(
        R,
        ("validate large", f"{BRIEF} -q validate --sources {large_sources}"),
        ("validate small", f"{BRIEF} -q validate --sources {small}"),
    )
    rows.append(
        ratio_row(
            f"4a. validate {args.large_practices:,} practices, warm (nothing changed)",
            large[0],
            large[1],
            "≤ 0.5 s",
            large[0].median <= 0.5,
            R,
        )
    )
    drop = "sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true"
    cold = in_work(
        R,
        ("validate large, cold (cache emptied)", f"{BRIEF} -q validate --sources {large_sources}"),
        ("validate large, --no-cache", f"{BRIEF} -q validate --no-cache --sources {large_sources}"),
        before_each=f"rm -rf {large_cache}; {drop}",
        warm_up=False,
    )
    rows.append(
        ratio_row(
            f"4a. validate {args.large_practices:,} practices, cold (OS page cache dropped)",
            cold[0],
            cold[1],
            "≤ 3 s",
            max(cold[0].median, cold[1].median) <= 3,
            R,
        )
    )
    large_practice = large_sources / "practices" / "bench-practice-0001.yaml"
    edit = f"echo '# edited' >> {large_practice}"
    after_edit = in_work(
        R,
        ("validate large, one practice edited", f"{BRIEF} -q validate --sources {large_sources}"),
        before_each=edit,
        warm_up=False,
    )[0]
    notes.append(
        f"4a: each cold run follows `rm -rf {large_cache}; {drop}`: no cache and no OS page cache; "
        "`validate large, cold` fills the source cache, `--no-cache` reads and writes none. The warm "
        "runs find the cache their warm-up round filled. After one practice is edited "
        f"(`{edit}` before each run), validating the large library took {after_edit.median:.2f} s "
        f"(median of {R}): every other file's reading comes from the source cache; references and "
        "outlines are checked again.".replace(str(work), "$WORK")
    )
    # 4b times compiles that render: the build cache of rendered files is emptied before every run, the
    # source cache under it (sources/) is kept, as a user re-compiling after an edit has it.
    c4l, c4s = work / "c4l", work / "c4s"
    empty_build_cache = (
        f"find {c4l} {c4s} -mindepth 1 -maxdepth 1 ! -name sources -exec rm -rf {{}} + 2>/dev/null; true"
    )
    one_large = in_work(
        R,
        (
            "compile 1 brief, large library",
            f"{compile_} {EXAMPLE} --format pdf --jobs 1 "
            f"--cache-dir {c4l} --sources {large_sources} --output {work}/o4l",
        ),
        (
            "compile 1 brief, small library",
            f"{compile_} {EXAMPLE} --format pdf --jobs 1 "
            f"--cache-dir {c4s} --sources {small} --output {work}/o4s",
        ),
        before_each=empty_build_cache,
    )
    rows.append(
        ratio_at_most_row(
            "4b. one brief from the large library vs the small", one_large[0], one_large[1], 1.3, R
        )
    )
    notes.append(
        f"4b: before every run `{empty_build_cache}` empties the build cache of rendered files, so "
        "both commands render; the source cache (`sources/` inside the cache folder) stays warm, "
        "as for a user compiling again.".replace(str(work), "$WORK")
    )
    same = (
        subprocess.run(
            f"cmp {work}/o4l/{EXAMPLE}.pdf {work}/o4s/{EXAMPLE}.pdf", shell=True, check=False
        ).returncode
        == 0
    )
    notes.append(
        f"4b compiles the same outline from both libraries: the two PDFs are "
        f"{'byte-identical' if same else 'NOT identical (check bench/generate.py)'}."
    )

    # 5. batch ---------------------------------------------------------------------------------------
    say(f"figure 5: {args.briefs} briefs")
    batch_sources = work / "batch" / "sources"
    batch = f"{compile_} --all --sources {batch_sources}"
    jobs = in_work(
        S,
        ("--jobs 2", f"{batch} --jobs 2 --no-cache --output {work}/o5"),
        ("--jobs 1", f"{batch} --jobs 1 --no-cache --output {work}/o5"),
        warm_up=False,
    )
    rows.append(
        ratio_at_most_row(
            f"5a. {args.briefs} briefs, --jobs 2 vs --jobs 1", jobs[0], jobs[1], 1 / 1.7, S, "≤ 1/1.7 = 0.59x"
        )
    )
    cached = f"{BRIEF} compile --all --sources {batch_sources} --output {work}/o5c --jobs 2"
    first = Timing("first compile (cache emptied)", cached)
    warm = Timing("second compile, nothing changed", cached)
    for round_number in range(S):
        for timing, before in ((first, f"rm -rf {work}/.brief-cache"), (warm, None)):
            if before:
                run_once(before, work, env)
            timing.record(*run_once(cached, work, env))
        say(f"  round {round_number + 1}/{S}: first {first.wall[-1]:.2f}s, second {warm.wall[-1]:.2f}s")
    rows.append(
        ratio_at_most_row(
            f"5b. second compile of {args.briefs}, nothing changed, vs first", warm, first, 0.05, S
        )
    )
    up_to_date = len(re.findall(r"^up to date: ", warm.output, re.MULTILINE))
    practice = batch_sources / "practices" / "go4export.yaml"
    edited_text = practice.read_text(encoding="utf-8").replace("120 SMEs", "121 SMEs")
    practice.write_text(edited_text, encoding="utf-8")
    _, _, _, edited = run_once(cached, work, env)
    rebuilt = sorted(set(re.findall(r"^wrote \S+/([^/\s]+)\.\w+ ", edited, re.MULTILINE)))
    notes.append(
        f"5b: the second compile said `up to date` for {up_to_date} of {args.briefs} briefs. "
        f"After editing one practice (go4export), it rebuilt {len(rebuilt)} brief(s): "
        f"{', '.join(rebuilt) or 'none'}; the others were reported up to date."
    )

    # 5c. editions ---------------------------------------------------------------------------------
    say("figure 5c: three editions")
    editions_sources = work / "editions" / "sources"
    shutil.copytree(small, editions_sources)
    example_file = editions_sources / "briefs" / f"{EXAMPLE}.yaml"
    example_text = example_file.read_text(encoding="utf-8")
    example_file.write_text(
        example_text.replace("\nlanguage: en\n", "\nlanguage: en\nlanguages: [fr, de]\n", 1), encoding="utf-8"
    )
    editions_compile = (
        f"{compile_} {EXAMPLE} --format pdf,docx --jobs 2 --no-cache --force --sources {editions_sources}"
    )
    editions = in_work(
        S,
        ("3 editions (en, fr, de), --jobs 2", f"{editions_compile} --output {work}/o5e3"),
        ("1 edition (--language en), --jobs 2", f"{editions_compile} --language en --output {work}/o5e1"),
    )
    rows.append(
        ratio_at_most_row(
            "5c. three editions of the example, --jobs 2, vs one", editions[0], editions[1], 1.6, S
        )
    )
    notes.append(
        "5c: the example brief lists `languages: [fr, de]` and has no translations, so the French and "
        "German editions show its English text (each unit a warning; `--force`, since the example is "
        "`status: final`); they render as much as translated ones would. The three editions' six "
        "files render as six tasks on two workers."
    )

    # 6. memory and growth --------------------------------------------------------------------------
    say("figure 6: pages")
    pages_sources = work / "pages" / "sources"
    growth = []
    for pages in page_counts:
        name = f"bench-pages-{pages:02d}"
        command = (
            f"{BRIEF} compile {name} --format pdf --jobs 1 --no-cache "
            f"--sources {pages_sources} --output {work}/o6"
        )
        timing = in_work(1, (name, command), warm_up=False)[0]
        counted = re.search(r"\((\d+) pages?", timing.output)
        growth.append((pages, int(counted.group(1)) if counted else 0, timing))
    biggest = growth[-1]
    peak = biggest[2].peak_rss_mb
    rows.append(
        f"| 6. peak RSS, {biggest[1]}-page brief | `{biggest[2].label}` {peak:.0f} MB"
        f" | | | < 400 MB | {'met' if peak < 400 else '**missed**'} | 1 |"
    )

    # 7. brief review ---------------------------------------------------------------------------------
    say("figure 7: brief review")
    reviews = []
    longest = f"bench-pages-{page_counts[-1]:02d}"
    for label, name, sources, most in (
        ("the example brief", EXAMPLE, small, 1.0),
        (f"the {page_counts[-1]}-page brief", longest, pages_sources, 3.0),
    ):
        docx = work / "o7" / f"{name}.docx"
        run_once(
            f"{compile_} {name} --format docx --no-cache --sources {sources} --output {work}/o7", work, env
        )
        pair = in_work(
            R,
            (f"brief review {name}.docx", f"{BRIEF} review {docx} --sources {sources}"),
            (f"pandoc -f docx -t json {name}.docx", f"pandoc -f docx -t json {docx} -o {work}/{name}.json"),
        )
        reviews.extend(pair)
        met = pair[0].median < most
        rows.append(
            ratio_row(
                f"7{'ab'[len(reviews) // 2 - 1]}. brief review, {label}, vs pandoc reading it",
                pair[0],
                pair[1],
                f"A < {most:.0f} s",
                met,
                R,
            )
        )

    # 8. hostile inputs: linear growth -----------------------------------------------------------------
    from hostile import hostile_rows  # imports this module: imported here, not at the top

    hostile, hostile_timings = hostile_rows(work, env, S, args.rule_practices, args.word, say)
    rows.extend(hostile)

    # results ------------------------------------------------------------------------------------------
    total = time.perf_counter() - started
    load_after = os.getloadavg()
    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.py` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC in {total / 60:.1f} min. "
        "Regenerate with `make bench`.",
        "",
        f"- machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu_model()}, "
        f"{platform.system()} {platform.release()}",
        f"- load average before / after: {load_before[0]:.2f} / {load_after[0]:.2f} "
        "(other processes shared the machine when above 0)",
        f"- Python {platform.python_version()}; {version([BRIEF, '--version'])}; "
        f"{version([WEASYPRINT, '--version'])}; {version(['pandoc', '--version'])}",
        f"- rounds: {R} for quick pairs, {S} for the pairs that take minutes (1b, 1c, 5a, 5b), 1 for "
        "each row of the growth table; each pair starts with a warm-up round not counted, except the cold "
        "and edited validates of 4a",
        "- `brief compile` runs with `--no-cache` except in 4b and 5b; 1b/1c/5a compile pdf and docx; pandoc "
        "times exclude producing the Markdown (done once, beforehand)",
        "- A and B are the medians of each command's wall times; A / B is the median of the rounds' ratios "
        "(A over B of the same round, run seconds apart), with the lowest and highest in parentheses; "
        "ratio targets are judged on it",
        "- a missed target shows by how much in its row; why it misses is in `bench/analysis.md`, written by "
        "hand for the run committed with this file",
        "",
        "| figure | A | B | A / B (range) | target | verdict | rounds |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        "## Growth from 5 to 80 pages (`--format pdf`, one run each)",
        "",
        "| asked | pages | wall s | cpu s | peak RSS MB | s per page |",
        "|---|---|---|---|---|---|",
        *(
            f"| {asked} | {pages} | {t.median:.2f} | {t.median_cpu:.2f} | {t.peak_rss_mb:.0f} | "
            f"{t.median / max(pages, 1):.2f} |"
            for asked, pages, t in growth
        ),
        "",
        "## Notes",
        "",
        *(f"- {note}" for note in notes),
        "",
        "## Commands",
        "",
        *(
            f"- `{t.label}`: `{t.command}`".replace(str(work), "$WORK")
            for t in (
                *one,
                *twenty,
                *floor,
                engine[1],
                *start,
                *large,
                *cold,
                after_edit,
                *one_large,
                *jobs,
                first,
                *reviews,
                *hostile_timings,
            )
        ),
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    say(f"wrote {args.out} in {total / 60:.1f} min")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
