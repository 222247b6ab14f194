"""Turn a generated library into the growth figures of hostile inputs: many items in a rule, one huge word.

    .venv/bin/python bench/hostile.py --work EMPTY_FOLDER [--practices 10000] [--word 20000] [--rounds 1]

Figure 8 of ``bench/run.py`` (which calls ``hostile_rows``); run alone it prints its rows.
Each row compiles one brief of a large input against the same brief of a tenth of it (or,
for the word, the same number of characters in ordinary words) and shows the time ratio
and peak memory of both: linear work gives a ratio near 10 (items) or 1 (the word), and
the targets allow 1.3 times that.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import generate, paragraph, rule_section, write  # noqa: E402
from run import BRIEF, Timing, ratio, ratio_row, side_by_side  # noqa: E402

GROWTH_SLACK = 1.3
"""How far from linear a growth ratio may be: 10x the items in at most 13x the time."""


def generate_hostile(out: Path, practices: int, word: int, seed: int = 19) -> Path:
    """A library of ``practices`` practices and the briefs of figure 8; its sources folder."""
    generate(out, practices, 5, 20, 10, briefs=0, long=[])
    sources = out / "sources"
    ids = [f"bench-practice-{n:04d}" for n in range(practices)]
    for count in (practices // 10, practices):
        brief = {
            "title": f"One rule of {count:,} practices",
            "date": "2024-03-01",
            "layout": "policy-brief",
            "sections": [rule_section("Practices", "practices", {"ids": ids[:count]}, shown_as="list")],
        }
        write(sources / "briefs", f"bench-rule-{count:05d}", brief)
    rng = random.Random(seed)
    words = ""
    while len(words) < word:
        words += paragraph(rng, 5) + " "
    texts = {"word": "(" * (word // 2) + ")" * (word // 2), "words": words[:word]}
    for name, text in texts.items():
        brief = {
            "title": f"A text of {word:,} characters",
            "date": "2024-03-01",
            "layout": "policy-brief",
            "sections": [{"title": "Text", "text": text}],
        }
        write(sources / "briefs", f"bench-{name}", brief)
    return sources


def hostile_rows(
    work: Path, env: dict[str, str], rounds: int, practices: int, word: int, say: Callable[[str], None]
) -> tuple[list[str], list[Timing]]:
    """The rows of figure 8 and the timings they came from."""
    sources = generate_hostile(work / "hostile", practices, word)
    compile_ = f"{BRIEF} -q compile --jobs 1 --no-cache --sources {sources} --output {work}/o8"
    rows: list[str] = []
    timings: list[Timing] = []
    small, large = practices // 10, practices
    for fmt in ("pdf", "docx"):
        say(f"figure 8: {large:,} practices in one rule, {fmt}")
        big, base = side_by_side(
            rounds,
            work,
            env,
            (f"{large:,} practices {fmt}", f"{compile_} bench-rule-{large:05d} --format {fmt}"),
            (f"{small:,} practices {fmt}", f"{compile_} bench-rule-{small:05d} --format {fmt}"),
            warm_up=False,
        )
        target = 10 * GROWTH_SLACK
        rows.append(
            ratio_row(
                f"8. {large:,} vs {small:,} practices in one rule, {fmt} (peak RSS {big.peak_rss_mb:.0f} "
                f"vs {base.peak_rss_mb:.0f} MB)",
                big,
                base,
                f"≤ {target:.0f}x",
                ratio(big, base) <= target,
                rounds,
            )
        )
        timings += [big, base]
    say(f"figure 8: a {word:,}-character word")
    huge, plain = side_by_side(
        rounds,
        work,
        env,
        (f"one {word:,}-character word, pdf", f"{compile_} bench-word --format pdf"),
        (f"{word:,} characters of words, pdf", f"{compile_} bench-words --format pdf"),
        warm_up=False,
    )
    rows.append(
        ratio_row(
            f"8. a {word:,}-character word vs as many characters of words, pdf (peak RSS "
            f"{huge.peak_rss_mb:.0f} vs {plain.peak_rss_mb:.0f} MB)",
            huge,
            plain,
            f"≤ {GROWTH_SLACK}x",
            ratio(huge, plain) <= GROWTH_SLACK,
            rounds,
        )
    )
    return rows, [*timings, huge, plain]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=10_000)
    parser.add_argument("--word", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--work", type=Path, required=True, help="an empty folder to generate into")
    args = parser.parse_args()

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    rows, _ = hostile_rows(
        args.work, env, args.rounds, args.practices, args.word, lambda t: print(t, file=sys.stderr)
    )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
