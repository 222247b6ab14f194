"""Importing event summaries: each format gives the exact session data, and every line is accounted for."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, ROOTS

from brief_builder.app.cli import main
from brief_builder.errors import ProblemsError, UsageError
from brief_builder.importers import (
    brief_yaml,
    new_project_yaml,
    read_session,
    session_plan,
    session_yaml,
)
from brief_builder.importers.session import known_projects_of
from brief_builder.sources.library import load_library
from brief_builder.sources.yaml import read_yaml

SUMMARIES = ROOTS / "import" / "summaries"
EXPECTED = ROOTS / "import" / "expected"
KNOWN = {
    "EIS": "eis",
    "INTER VENTURES": "inter-ventures",
    "SCALE UP": "scale-up",
    "SIE": "sie",
    "UpGradeSME": "upgradesme",
}
"""The acronyms of the example projects (sources/projects), as ``known_projects_of`` gives them."""

FORMATS = {
    "seed": (".txt", ".html", ".docx", ".lo.docx", ".lo-txt.docx"),
    "workshop-evora": (".txt", ".html", ".docx", ".lo.docx"),
    "webinar-vouchers": (".txt", ".md", ".html", ".docx", ".lo.docx"),
    "peer-review-graz": (".txt", ".html", ".docx", ".lo.docx"),
    "discussion-circular": (".txt", ".html", ".docx", ".lo.docx"),
}
"""Each summary and the files it comes as: ``.docx`` made with python-docx in Word's styles,
``.lo.docx`` by LibreOffice from the HTML, ``.lo-txt.docx`` by LibreOffice from the text."""
IDS = {
    "seed": "community-brainstorming-2021-05-20",
    "workshop-evora": "workshop-2018-11-22",
    "webinar-vouchers": "webinar-2022-03-03",
    "peer-review-graz": "peer-review-2021-10-14",
    "discussion-circular": "community-brainstorming-2021-02-09",
}
KNOWN_HEADINGS = (
    "Participants, Insights and takeaway messages, Objectives, Takeaways, Next steps, Resources, Stories"
)
PROBLEMS = {
    "seed": [
        "seed.txt:2: warning: date: the year of '20 May' is missing; "
        "took 2021 from 'June/July 2021' on line 22",
        "seed.txt:23: warning: resources: expected stories under 'Stories', got none; nothing to import",
    ],
    "workshop-evora": [
        "workshop-evora.txt:4: warning: participants.projects: expected the acronym of a known project, "
        "got 'GREEN SKILLS'; a new project projects/green-skills.yaml is planned, its title to fill in",
    ],
    "webinar-vouchers": [
        "webinar-vouchers.txt:2: warning: date: the year of '3 March' is missing; "
        "took 2022 from '30 June 2022' on line 17",
    ],
    "peer-review-graz": [
        "peer-review-graz.txt:16: warning: resources: expected stories under 'Stories', got none; "
        "nothing to import",
    ],
    "discussion-circular": [
        "discussion-circular.txt:1: warning: type: 'Online discussion' is not one of the session types; "
        "imported as community-brainstorming, the closest",
        "discussion-circular.txt:2: warning: expected only the opening sentence in the first paragraph "
        "(the others have no field), got 'It gathered 35 participants from 14 countries.'; not imported",
        f"discussion-circular.txt:7: warning: expected a heading the importer knows ({KNOWN_HEADINGS}), "
        "got 'Agenda'; not imported",
        f"discussion-circular.txt:8: warning: expected a line under a heading the importer knows "
        f"({KNOWN_HEADINGS}), not under 'Agenda', got '10:00 Welcome'; not imported",
        f"discussion-circular.txt:9: warning: expected a line under a heading the importer knows "
        f"({KNOWN_HEADINGS}), not under 'Agenda', got '10:15 Round table'; not imported",
    ],
}
"""What importing each ``.txt`` reports, exactly; the other formats report the same at their lines."""
CASES = [(name, suffix) for name, suffixes in FORMATS.items() for suffix in suffixes]


def _expected(name: str) -> dict[str, Any]:
    return yaml.safe_load((EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"))


def _import(name: str, suffix: str = ".txt", **options: Any) -> Any:
    return read_session(
        SUMMARIES / f"{name}{suffix}", known_projects=KNOWN, display=f"{name}{suffix}", **options
    )


def _without_lines(message: str) -> str:
    return re.sub(r"\bline \d+", "line N", message)


def test_known_projects_are_the_examples() -> None:
    assert known_projects_of(load_library(REPO / "sources").projects) == KNOWN


@pytest.mark.parametrize(("name", "suffix"), CASES, ids=[f"{n}{s}" for n, s in CASES])
def test_each_format_gives_the_exact_session_data(name: str, suffix: str) -> None:
    imported = _import(name, suffix)
    assert imported.data == _expected(name)
    assert imported.id == IDS[name]
    expected = [_without_lines(p.split(": ", 1)[1]) for p in PROBLEMS[name]]
    assert [_without_lines(str(p).split(": ", 1)[1]) for p in imported.problems] == expected


@pytest.mark.parametrize("name", FORMATS)
def test_the_text_reports_exactly_what_it_inferred_and_left_out(name: str) -> None:
    assert [str(p) for p in _import(name).problems] == PROBLEMS[name]


@pytest.mark.parametrize("name", FORMATS)
def test_every_line_of_the_text_is_placed_or_listed(name: str) -> None:
    imported = _import(name)
    text = (SUMMARIES / f"{name}.txt").read_text(encoding="utf-8")
    lines = {n for n, line in enumerate(text.splitlines(), start=1) if line.strip()}
    unplaced = {u.line for u in imported.unplaced}
    assert lines == set(imported.placed) | unplaced
    only_unplaced = unplaced - set(imported.placed)
    assert {u.line: u.text for u in imported.unplaced if u.line in only_unplaced} == {
        n: line for n, line in enumerate(text.splitlines(), start=1) if n in only_unplaced
    }


def test_where_each_line_of_the_seed_went() -> None:
    assert _import("seed").placed == {
        1: ["title"],
        2: ["date, organiser, type, format"],
        3: ["heading of participants"],
        4: ["participants.projects"],
        5: ["participants.external_speakers"],
        6: ["participants.moderators"],
        7: ["heading of insights"],
        8: ["objectives (introduction)"],
        9: ["objectives[0]"],
        10: ["objectives[1]"],
        11: ["topics[0].title"],
        12: ["topics[0].findings[0]"],
        13: ["topics[0].findings[1]"],
        14: ["topics[1].title"],
        15: ["topics[1].findings[0]"],
        16: ["topics[1].findings[1]"],
        17: ["topics[2].title"],
        18: ["topics[2].findings[0]"],
        19: ["topics[2].findings[1]"],
        20: ["next_steps"],
        21: ["heading of resources"],
        22: ["resources[0]"],
        23: ["heading of stories"],
    }


def test_strict_makes_lines_not_placed_errors() -> None:
    with pytest.raises(ProblemsError) as raised:
        _import("discussion-circular", strict=True)
    errors = [str(p) for p in raised.value.errors]
    assert errors == [
        "discussion-circular.txt:2: expected only the opening sentence in the first paragraph "
        "(the others have no field), got 'It gathered 35 participants from 14 countries.'; not imported",
        *[p.replace(": warning: ", ": ", 1) for p in PROBLEMS["discussion-circular"][2:]],
    ]
    assert _import("seed", strict=True).unplaced == []


def test_the_html_page_around_the_summary_is_not_read() -> None:
    imported = _import("seed", ".html")
    assert imported.unplaced == []
    assert all("Interreg Europe 2021" not in str(value) for value in imported.data.values())


# --- the seed and the hand-made session -----------------------------------------------

HAND_MADE = REPO / "sources" / "sessions" / "community-brainstorming-2021-05-20.yaml"
EDITED_BY_HAND = {
    "objectives[0]",
    "objectives[1]",
    "participants.moderators[0].organisation",
    "participants.moderators[1].organisation",
    "topics[0].id",
    "topics[1].id",
    "topics[2].id",
    *(f"topics[{t}].findings[{f}].{key}" for t in range(3) for f in range(2) for key in ("text", "tags")),
    "takeaways",
    "next_steps",
    "resources[0].title",
    "resources[0].url",
}
"""What the person who wrote sources/sessions/community-brainstorming-2021-05-20.yaml added or
reworded: sentences made to stand alone, topic ids, tags, takeaways, the moderators'
organisation and the resource's link. None of it is in the seed."""


def _differences(a: Any, b: Any, path: str = "") -> set[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        found: set[str] = set()
        for key in dict.fromkeys([*a, *b]):
            where = f"{path}.{key}" if path else str(key)
            found |= {where} if key not in a or key not in b else _differences(a[key], b[key], where)
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return {
            d for n, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differences(x, y, f"{path}[{n}]")
        }
    return set() if a == b else {path}


def test_the_seed_gives_every_fact_of_the_hand_made_session() -> None:
    """Same title, date, type, organiser, format, projects, speakers, moderators and roles,
    topic titles and how they were chosen, and as many findings: only the editing differs."""
    hand_made = read_yaml(HAND_MADE, HAND_MADE.parent.parent).data
    imported = _import("seed").data
    assert _differences(hand_made, imported) == EDITED_BY_HAND
    assert imported["participants"] == {
        "projects": ["eis", "inter-ventures", "scale-up", "sie", "upgradesme"],
        "external_speakers": [],
        "moderators": [
            {"name": "Luc Schmerber", "role": "Thematic expert, SME competitiveness"},
            {"name": "Mart Veliste", "role": "Thematic expert, SME competitiveness"},
        ],
    }


# --- the files written ----------------------------------------------------------------


def _sources(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(REPO / "sources", target)
    return target


def _write(sources: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (sources / relative).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", FORMATS)
def test_the_written_files_validate_and_read_back_as_the_data(name: str, tmp_path: Path) -> None:
    sources = _sources(tmp_path)
    known = known_projects_of(load_library(sources).projects)
    imported = read_session(SUMMARIES / f"{name}.txt", known_projects=known)
    plan = session_plan(imported, brief=True)
    if name == "seed":
        assert plan.existing(sources) == [f"sessions/{IDS[name]}.yaml", f"briefs/{IDS[name]}.yaml"]
    else:
        assert plan.existing(sources) == []
    _write(sources, plan.files)
    library = load_library(sources)
    assert library.errors == []
    assert library.sessions[imported.id].doc.data == imported.data
    for project_id, acronym in imported.new_projects.items():
        assert library.projects[project_id].model.acronym == acronym
        assert library.projects[project_id].model.title == "TODO"


def test_the_seed_compiles_to_an_event_summary_with_every_fact_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = _sources(tmp_path)
    imported = read_session(SUMMARIES / "seed.txt", known_projects=KNOWN)
    _write(sources, session_plan(imported, brief=True).files)
    output = tmp_path / "output"
    argv = [
        "-q",
        "compile",
        IDS["seed"],
        "--format",
        "md,html,docx,pdf",
        "--sources",
        str(sources),
        "--output",
        str(output),
    ]
    assert main([*argv, "--no-cache"]) == 0, capsys.readouterr().err
    markdown = (output / f"{IDS['seed']}.md").read_text(encoding="utf-8")
    shown = re.sub(r"\\(.)", r"\1", re.sub(r"\[\]\{#[^}]*\}", "", markdown))
    shown = re.sub(r"\s+", " ", shown)
    facts = [
        "Community brainstorming: Internationalisation of SMEs",
        "20 May 2021",
        "Community brainstorming",
        "Online",
        "Policy Learning Platform",
        "EIS, INTER VENTURES, SCALE UP, SIE, UpGradeSME",
        "none",
        "Luc Schmerber, Thematic expert, SME competitiveness; "
        "Mart Veliste, Thematic expert, SME competitiveness",
    ]
    seed = (SUMMARIES / "seed.txt").read_text(encoding="utf-8").splitlines()
    facts += [line.removeprefix("- ").removeprefix("o ").rstrip(":") for line in seed[8:19]]
    facts += [seed[19], seed[21]]
    position = 0
    for fact in facts:
        found = shown.find(fact, position)
        assert found >= 0, f"{fact!r} missing after position {position} of:\n{shown}"
        position = found + len(fact)


def test_the_session_file_says_what_to_check() -> None:
    text = session_yaml(_import("peer-review-graz"))
    assert text == (
        "# yaml-language-server: $schema=../.schemas/session.schema.json\n"
        "# Imported by brief import session from peer-review-graz.txt.\n"
        "# Check against the document, then run brief validate:\n"
        "# - line 16: resources: expected stories under 'Stories', got none; nothing to import\n"
        "# Every line of the document is in this file.\n"
        'title: "Peer review: Regional SME support in Styria"\n'
        "date: 2021-10-14\n"
        "type: peer-review\n"
        "organiser: Interreg Europe's Policy Learning Platform\n"
        "format: hybrid\n"
        "place: Graz\n"
        "participants:\n"
        "  projects:\n"
        "    - sie\n"
        "  external_speakers: []\n"
        "  moderators:\n"
        "    - name: Mart Veliste\n"
        "      role: Thematic expert SME competitiveness\n"
        "      organisation: Interreg Europe Policy Learning Platform\n"
        "objectives:\n"
        "  - To review Styria's support for SMEs entering new markets.\n"
        "  - >-\n"
        "    To suggest improvements on two questions raised by the host: Reaching firms that\n"
        "    never exported; Digital tools for small exporters.\n"
        "topics:\n"
        "  - id: reaching-firms-never-exported\n"
        "    title: Reaching firms that never exported\n"
        "    findings:\n"
        "      - text: Peers from Łódź and Tampere advised working through sector clusters.\n"
        "  - id: digital-tools-small-exporters\n"
        "    title: Digital tools for small exporters\n"
        "    findings:\n"
        "      - text: A shared online marketplace could lower the cost of a first export.\n"
        "# the closing paragraph of 'Insights and takeaway messages' (line 15); if it is a\n"
        "# finding of the last topic, move it there\n"
        "next_steps: The region will present its action plan at the next peer review.\n"
    )


def test_the_session_file_lists_the_lines_not_imported_and_comments_inferred_values() -> None:
    lines = session_yaml(_import("discussion-circular")).splitlines()
    assert lines[:11] == [
        "# yaml-language-server: $schema=../.schemas/session.schema.json",
        "# Imported by brief import session from discussion-circular.txt.",
        "# Check against the document, then run brief validate:",
        "# - line 1: type: 'Online discussion' is not one of the session types; imported as",
        "#   community-brainstorming, the closest",
        "# Not imported, as no field of a session holds them (copy what matters by hand):",
        "# - line 2: It gathered 35 participants from 14 countries.",
        "# - line 7: Agenda",
        "# - line 8: 10:00 Welcome",
        "# - line 9: 10:15 Round table",
        'title: "Online discussion: Circular economy in SME clusters"',
    ]
    assert "type: community-brainstorming  # from 'Online discussion' (line 1): check it" in lines
    seed = session_yaml(_import("seed")).splitlines()
    assert "date: 2021-05-20  # year taken from 'June/July 2021' (line 22): check it" in seed


def test_the_brief_needs_no_rules() -> None:
    assert brief_yaml(_import("seed")) == (
        "# yaml-language-server: $schema=../.schemas/brief.schema.json\n"
        "# Event summary of sessions/community-brainstorming-2021-05-20.yaml, imported by brief\n"
        "# import session from seed.txt. The event-summary layout places the session's content:\n"
        "# its details, participants, objectives, insights by topic, next steps and resources;\n"
        "# the title and date are the session's. Add a title, subtitle, authors and keywords as\n"
        "# you need, and `sections` to place the content otherwise.\n"
        "layout: event-summary\n"
        "session: community-brainstorming-2021-05-20\n"
    )


def test_a_new_project_has_its_acronym_and_a_title_to_fill_in() -> None:
    text = new_project_yaml("GREEN SKILLS", "workshop-evora.txt")
    assert text.splitlines()[:7] == [
        "# yaml-language-server: $schema=../.schemas/project.schema.json",
        "# A cooperation project (sources/projects/<id>.yaml).",
        "# Created by brief import session, which found it in workshop-evora.txt: fill in the",
        "# title; uncomment the optional fields you need.",
        "",
        '# Short name used in boxes and tables, e.g. "SCALE UP".',
        "acronym: GREEN SKILLS",
    ]
    assert "\ntitle: TODO\n" in text
    plan = session_plan(_import("workshop-evora"))
    assert list(plan.files) == ["sessions/workshop-2018-11-22.yaml", "projects/green-skills.yaml"]
    assert plan.files["projects/green-skills.yaml"] == text


# --- options and bad input ------------------------------------------------------------


def _summary(tmp_path: Path, text: str, name: str = "event.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


WITHOUT_YEAR = """\
Webinar: Vouchers
On 3 March, the Policy Learning Platform organised a webinar on vouchers.
"""


def test_a_date_without_a_year_takes_the_year_given(tmp_path: Path) -> None:
    imported = read_session(_summary(tmp_path, WITHOUT_YEAR), year=2020, display="event.txt")
    assert imported.data == {
        "title": "Webinar: Vouchers",
        "date": dt.date(2020, 3, 3),
        "type": "webinar",
        "organiser": "Policy Learning Platform",
        "format": "online",
    }
    assert imported.problems == []


def test_a_date_without_any_year_asks_for_one(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError) as raised:
        read_session(_summary(tmp_path, WITHOUT_YEAR + "Photo: Interreg Europe\n"), display="event.txt")
    assert [str(p) for p in raised.value.problems] == [
        "event.txt:2: date: expected a year in '3 March', got none, and no other date in the text has one; "
        "give the year (--year)",
        "event.txt:3: warning: expected the first section heading (Participants, ...) after the opening "
        "sentence, got 'Photo: Interreg Europe'; not imported",
    ]


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("On 22-23 November 2018, the Platform organised a workshop in Lisbon.", "2018-11-22", "2018-11-23"),
        (
            "On 30 November - 1 December 2020, the Platform organised a workshop in Lisbon.",
            "2020-11-30",
            "2020-12-01",
        ),
        (
            "On 22 and 23 November 2018, the Platform organised a workshop in Lisbon.",
            "2018-11-22",
            "2018-11-23",
        ),
        ("On November 22-23, 2018, the Platform organised a workshop in Lisbon.", "2018-11-22", "2018-11-23"),
        (
            "On 22 November 2018, the Platform organised a three-day workshop in Lisbon.",
            "2018-11-22",
            "2018-11-24",
        ),
        ("On Thursday, 22nd November 2018, the Platform organised a workshop in Lisbon.", "2018-11-22", None),
        ("The Platform organised a workshop in Lisbon on 2018-11-22.", "2018-11-22", None),
    ],
)
def test_dates_and_ranges(tmp_path: Path, sentence: str, start: str, end: str | None) -> None:
    data = read_session(_summary(tmp_path, f"Workshop: Skills\n{sentence}\n")).data
    assert (data["date"].isoformat(), data["end_date"].isoformat() if "end_date" in data else None) == (
        start,
        end,
    )
    assert (data["organiser"], data["format"], data["place"]) == ("Platform", "onsite", "Lisbon")


def test_a_day_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError) as raised:
        read_session(
            _summary(tmp_path, "Webinar: X\nOn 31 June 2021, the Platform organised a webinar.\n"),
            display="e.txt",
        )
    assert [str(p) for p in raised.value.problems] == [
        "e.txt:2: date: expected a day that exists, got '31 June 2021' in 2021"
    ]


def test_a_summary_without_a_date(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError) as raised:
        read_session(_summary(tmp_path, "Webinar: X\nThe Platform organised a webinar.\n"), display="e.txt")
    assert [str(p) for p in raised.value.problems] == [
        "e.txt:1: date: expected the date of the event in the opening sentence "
        "('On 20 May 2021, the ... organised ...'), got none",
    ]


def test_what_cannot_be_found_is_left_to_fill_in_with_a_warning(tmp_path: Path) -> None:
    imported = read_session(
        _summary(tmp_path, "Green skills\nOn 4 May 2021 a few regions met.\n"), display="e.txt"
    )
    assert (imported.data["type"], imported.data["organiser"], imported.data["format"]) == (
        "other",
        "TODO",
        "onsite",
    )
    assert imported.id == "event-2021-05-04"
    assert [str(p) for p in imported.problems] == [
        "e.txt:1: warning: type: expected the kind of event in the title ('Workshop: ...') "
        "or the opening sentence ('... organised a workshop ...'), got none; imported as other",
        "e.txt:2: warning: format: expected 'online', 'hybrid', 'in person' or a place "
        "in the opening sentence, got none; imported as onsite",
        "e.txt:2: warning: organiser: expected who organised the event "
        "('the ... organised a ...'), got none; set to TODO",
    ]


def test_an_id_of_ones_own(tmp_path: Path) -> None:
    path = _summary(tmp_path, WITHOUT_YEAR)
    assert read_session(path, year=2020, session_id="vouchers-webinar").id == "vouchers-webinar"
    with pytest.raises(
        UsageError, match=r"--id: expected an id of lowercase letters, digits and hyphens, got 'Vouchers'"
    ):
        read_session(path, year=2020, session_id="Vouchers")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "event.pdf",
            b"%PDF-1.7",
            "UsageError:event.pdf: expected a document ending in .txt, .md, .markdown, .html, .htm, .docx, "
            "got '.pdf'",
        ),
        (
            "event.txt",
            b"Webinar\n\x96 bad\n",
            "ProblemsError:event.txt:2: expected UTF-8 text, got byte 0x96",
        ),
        (
            "event.txt",
            b"\n \n",
            "ProblemsError:event.txt: title: expected an event summary, got an empty document",
        ),
        (
            "event.docx",
            b"not a zip",
            "ProblemsError:event.docx: expected a Word document (.docx), got a file python-docx cannot open",
        ),
    ],
)
def test_files_that_cannot_be_read(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises((ProblemsError, UsageError)) as raised:
        read_session(path, display=name)
    error = raised.value
    shown = "\n".join(map(str, error.problems)) if isinstance(error, ProblemsError) else str(error)
    assert f"{type(error).__name__}:{shown}".startswith(message)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError) as raised:
        read_session(tmp_path / "nothing.txt", display="nothing.txt")
    assert [str(p) for p in raised.value.problems] == [
        "nothing.txt: cannot read the file: No such file or directory"
    ]


LISTED = """\
Workshop: Skills
On 4 May 2021, the Platform organised a workshop in Graz.
Participants
Projects represented:
- ALPHA
- BETA and GAMMA
External speakers:
- Ana Silva, adviser, Region of Styria
- Jan Novák (CzechInvest)
Moderators: none
"""


def test_participants_listed_under_their_label(tmp_path: Path) -> None:
    imported = read_session(_summary(tmp_path, LISTED), known_projects={"ALPHA": "alpha", "BETA": "beta"})
    assert imported.data["participants"] == {
        "projects": ["alpha", "beta", "gamma"],
        "external_speakers": [
            {"name": "Ana Silva", "role": "Adviser", "organisation": "Region of Styria"},
            {"name": "Jan Novák", "organisation": "CzechInvest"},
        ],
        "moderators": [],
    }
    assert imported.new_projects == {"gamma": "GAMMA"}
    assert imported.unplaced == []


def test_a_session_ends_on_or_after_its_first_day(write: Any, minimal: Path) -> None:
    text = (minimal / "sessions" / "meeting.yaml").read_text(encoding="utf-8")
    write(
        "sessions/meeting.yaml",
        text.replace("date: 2021-05-20\n", "date: 2021-05-20\nend_date: 2021-05-19\n"),
    )
    assert [str(p) for p in load_library(minimal).errors] == [
        "sources/sessions/meeting.yaml:3: end_date: expected a date on or after 2021-05-20, got 2021-05-19",
    ]
    write(
        "sessions/meeting.yaml",
        text.replace("date: 2021-05-20\n", "date: 2021-05-20\nend_date: 2021-05-21\n"),
    )
    assert load_library(minimal).errors == []


SECTIONS_OF_THEIR_OWN = """\
Workshop: Odd shapes
On 5 June 2020, the Platform held an online workshop.
Objectives
The workshop aimed to:
- Test the importer.
Insights
The discussion covered two topics:
• Topic A
▪ Finding A1 as a bullet
▪ Finding A2 as a bullet
• Topic B
Paragraph finding B1.
Takeaways
The main takeaways were:
- Keep it short.
Next steps
- Write the brief.
- Publish it.
Resources
Read more:
www.example.org/report
"""


def test_sections_under_headings_of_their_own(tmp_path: Path) -> None:
    imported = read_session(_summary(tmp_path, SECTIONS_OF_THEIR_OWN), display="e.txt")
    assert imported.data == {
        "title": "Workshop: Odd shapes",
        "date": dt.date(2020, 6, 5),
        "type": "workshop",
        "organiser": "Platform",
        "format": "online",
        "objectives": ["Test the importer."],
        "topics": [
            {
                "id": "topic-a",
                "title": "Topic A",
                "findings": [{"text": "Finding A1 as a bullet"}, {"text": "Finding A2 as a bullet"}],
            },
            {"id": "topic-b", "title": "Topic B", "findings": [{"text": "Paragraph finding B1."}]},
        ],
        "takeaways": ["Keep it short."],
        "next_steps": "- Write the brief.\n- Publish it.",
        "resources": [{"title": "www.example.org/report", "url": "https://www.example.org/report"}],
    }
    assert imported.problems == []
    assert imported.placed[7] == ["topics (introduction)"]


def test_insights_without_topics_are_takeaways_and_objectives_may_be_paragraphs(tmp_path: Path) -> None:
    text = (
        "Webinar: No topics\n"
        "On 1 April 2020, the Platform organised a webinar.\n"
        "Insights\n"
        "The objectives were:\n"
        "To present it.\n"
        "To discuss it.\n"
        "Regions want *shorter* forms.\n"
    )
    imported = read_session(_summary(tmp_path, text), display="e.txt")
    assert imported.data["objectives"] == ["To present it.", "To discuss it."]
    assert imported.data["takeaways"] == ["Regions want \\*shorter\\* forms."]
    assert imported.notes == {("takeaways",): "paragraphs of 'Insights', which has no topics"}
    lonely = read_session(
        _summary(tmp_path, text.replace("To present it.\nTo discuss it.\n", "")), display="e.txt"
    )
    assert [str(p) for p in lonely.problems] == [
        "e.txt:4: warning: expected objectives after a paragraph introducing them, "
        "got 'The objectives were:'; not imported",
    ]


def test_a_two_day_workshop_in_a_city_shows_its_dates_and_place(tmp_path: Path) -> None:
    sources = _sources(tmp_path)
    imported = read_session(SUMMARIES / "workshop-evora.txt", known_projects=KNOWN)
    assert (imported.data["date"], imported.data["end_date"]) == (
        dt.date(2018, 11, 22),
        dt.date(2018, 11, 23),
    )
    _write(sources, session_plan(imported, brief=True).files)
    output = tmp_path / "output"
    argv = ["-q", "compile", IDS["workshop-evora"], "--format", "md", "--no-cache"]
    assert main([*argv, "--sources", str(sources), "--output", str(output)]) == 0
    markdown = (output / f"{IDS['workshop-evora']}.md").read_text(encoding="utf-8")
    assert "22\u201323 November 2018" in markdown
    assert f"**Place**: {imported.data['place']}" in markdown
