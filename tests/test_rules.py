"""Section rules: filters, order, groups, limits and their errors, merged into an outline."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from brief_builder.outline import ItemsBlock, Outline, Paragraph, TextBlock
from brief_builder.rules.merge import CandidatePools, MergeResult, merge
from brief_builder.sources.library import load_library

LABELS = {"project": "Project", "location": "Location", "acronym": "Acronym"}


def run(root: Path, brief: str = "policy") -> MergeResult:
    library = load_library(root)
    assert library.problems == []
    return merge(library, brief, LABELS)


def brief_with(write, sections: str) -> None:
    write("briefs/policy.yaml", f"title: T\nlayout: policy-brief\nsections:\n{sections}")


def items(outline: Outline) -> list[tuple[str | None, str, list[str]]]:
    """``(section title, display, item ids)`` of every items block, in order."""
    found = []
    for section in outline.walk():
        for block in section.blocks:
            if isinstance(block, ItemsBlock):
                found.append((section.title, block.display, [item.id for item in block.items]))
    return found


def test_example_brief_outline(minimal: Path) -> None:
    result = run(minimal)
    assert result.problems == []
    assert result.outline.headings() == [
        (1, "Key messages", "key-messages"),
        (1, "Good practices", "good-practices"),
        (1, "Recommendations", "recommendations"),
        (1, "Insights", "insights"),
        (2, "Impact of COVID-19", "impact-of-covid-19"),
        (2, "Digitalisation", "digitalisation"),
        (1, "Projects", "projects"),
    ]
    assert items(result.outline) == [
        ("Good practices", "boxes", ["alpha-academy", "mid-check", "zeta-vouchers"]),
        ("Recommendations", "numbered", ["digital", "tailor"]),
        ("Impact of COVID-19", "list", ["meeting/covid/1", "meeting/covid/2"]),
        ("Digitalisation", "list", ["meeting/digital/1"]),
        ("Projects", "table", ["alpha", "beta"]),
    ]


def test_blocks_carry_their_provenance(minimal: Path) -> None:
    outline = run(minimal).outline
    key_messages = outline.sections[0]
    assert key_messages.role == "key-messages"
    assert key_messages.source.path == "sources/briefs/policy.yaml"
    assert key_messages.source.line == 8
    (text,) = key_messages.blocks
    assert isinstance(text, TextBlock) and text.source.line == 10
    finding = outline.sections[3].sections[0].blocks[0].items[1]
    assert (finding.source.path, finding.source.line) == ("sources/sessions/meeting.yaml", 20)


def test_texts_carry_the_line_and_name_of_their_field(minimal: Path) -> None:
    outline = run(minimal).outline
    key_messages = outline.sections[0]
    assert key_messages.source.field == 'sections[1] "Key messages"'
    assert key_messages.blocks[0].source.field == 'sections[1] "Key messages".text'
    zeta = outline.sections[1].blocks[0].items[2]
    assert (zeta.source.line, zeta.source.field) == (1, None)  # the item is its whole file
    where = {name: (p.line, p.field) for name, p in zeta.sources.items()}
    assert where == {"title": (1, "title"), "body": (8, "summary")}
    assert [(f.label, f.source.line, f.source.field) for f in zeta.facts if f.source] == [
        ("Project", 2, "project"),
        ("Location", 3, "location"),
        ("Timescale", 9, "timescale"),
        ("Results", 12, "evidence_of_success"),
        ("Website", 13, "url"),
    ]
    finding = outline.sections[3].sections[0].blocks[0].items[1]
    assert (finding.sources["body"].line, finding.sources["body"].field) == (20, "topics[1].findings[2].text")
    group = outline.sections[3].sections[0]
    assert (group.title, group.source.line, group.source.field) == (
        "Impact of COVID-19",
        25,
        'sections[4] "Insights".group_by',
    )
    assert outline.meta.sources["subtitle"].line == 2


def test_practice_items_show_project_location_and_link(minimal: Path) -> None:
    outline = run(minimal).outline
    zeta = outline.sections[1].blocks[0].items[2]
    assert zeta.title == "Zeta vouchers"
    assert [(f.label, f.text, f.href) for f in zeta.facts] == [
        ("Project", "ALPHA", None),
        ("Location", "Lombardy, Italy", None),
        ("Timescale", "2016\u20132020", None),
        ("Results", "755 companies co-financed.", None),
        ("Website", "example.org/zeta", "https://example.org/zeta"),
    ]
    (summary,) = zeta.body
    assert isinstance(summary, Paragraph)
    assert [(r.text, r.strong) for r in summary.runs] == [
        ("Vouchers for ", False),
        ("first-time", True),
        (" exporters.", False),
    ]


def test_recommendations_cite_their_evidence(minimal: Path) -> None:
    tailor = run(minimal).outline.sections[2].blocks[0].items[1]
    assert [(c.id, c.kind, c.title) for c in tailor.citations] == [
        ("zeta-vouchers", "practices", "Zeta vouchers"),
        ("meeting", "sessions", "Community brainstorming: Testing (2021-05-20)"),
    ]


def test_ids_filter_keeps_the_listed_order(minimal: Path, write) -> None:
    brief_with(
        write, "  - title: P\n    include: practices\n    where:\n      ids: [zeta-vouchers, alpha-academy]\n"
    )
    assert items(run(minimal).outline) == [("P", "boxes", ["zeta-vouchers", "alpha-academy"])]


def test_filters_all_hold_and_lists_match_any(minimal: Path, write) -> None:
    brief_with(
        write,
        "  - title: P\n    include: practices\n    where:\n"
        "      topics: [digitalisation, capacity building]\n      country: Italy\n",
    )
    assert items(run(minimal).outline) == [("P", "boxes", ["mid-check"])]


def test_sort_descending_and_limit(minimal: Path, write) -> None:
    brief_with(write, "  - title: P\n    include: practices\n    sort: -title\n    limit: 2\n    as: list\n")
    assert items(run(minimal).outline) == [("P", "list", ["zeta-vouchers", "mid-check"])]


def test_sort_by_several_fields(minimal: Path, write) -> None:
    brief_with(write, "  - title: P\n    include: practices\n    sort: [country, -title]\n")
    assert items(run(minimal).outline) == [("P", "boxes", ["zeta-vouchers", "mid-check", "alpha-academy"])]


def test_group_by_country_makes_titled_subsections(minimal: Path, write) -> None:
    brief_with(write, "  - title: By country\n    include: practices\n    group_by: country\n    as: list\n")
    outline = run(minimal).outline
    assert outline.headings() == [
        (1, "By country", "by-country"),
        (2, "Spain", "spain"),
        (2, "Italy", "italy"),
    ]
    assert items(outline) == [
        ("Spain", "list", ["alpha-academy"]),
        ("Italy", "list", ["mid-check", "zeta-vouchers"]),
    ]


def test_group_by_topic_places_an_item_in_each_of_its_topics(minimal: Path, write) -> None:
    brief_with(
        write, "  - title: T\n    include: practices\n    where:\n      ids: mid-check\n    group_by: topic\n"
    )
    # the group headings are the topics with a capital first letter, not the raw lowercase values
    assert [s.title for s in run(minimal).outline.sections[0].sections] == [
        "Digitalisation",
        "Internationalisation",
    ]


def test_session_content_defaults_to_the_briefs_session(minimal: Path) -> None:
    outline = run(minimal, "event").outline
    assert items(outline) == [
        ("Participants", "list", ["meeting/projects", "meeting/external-speakers", "meeting/moderators"]),
        ("Objectives", "list", ["meeting/objective-1"]),
        ("Impact of COVID-19", "paragraphs", ["meeting/covid/1", "meeting/covid/2"]),
        ("Digitalisation", "paragraphs", ["meeting/digital/1"]),
        ("Next steps", "paragraphs", ["meeting/next-steps"]),
        ("Resources", "list", ["meeting/resource-1"]),
    ]
    participants = outline.sections[0].blocks[0].items
    assert [(i.title, i.body[0].text) for i in participants] == [
        ("Projects represented", "ALPHA, BETA"),
        ("External speakers", "none"),
        ("Moderators", "Ann Expert, thematic expert"),
    ]


def test_untitled_rules_add_to_their_parent(minimal: Path, write) -> None:
    brief_with(
        write,
        "  - title: Parent\n    text: Intro.\n    sections:\n      - include: projects\n        as: list\n"
        "      - title: Child\n        text: More.\n",
    )
    outline = run(minimal).outline
    assert outline.headings() == [(1, "Parent", "parent"), (2, "Child", "child")]
    untitled = outline.sections[0].sections[0]
    assert untitled.title is None and untitled.level == 2


def test_headings_get_unique_anchors(minimal: Path, write) -> None:
    brief_with(
        write,
        "  - title: Same\n    text: a\n  - title: Same\n    text: b\n  - title: Ça marche!\n    text: c\n",
    )
    assert [a for _, _, a in run(minimal).outline.headings()] == ["same", "same-2", "ca-marche"]


def test_table_columns_are_the_title_then_every_fact_label(minimal: Path, write) -> None:
    brief_with(write, "  - title: P\n    include: projects\n    as: table\n")
    (block,) = run(minimal).outline.sections[0].blocks
    assert block.columns == ["Acronym", "Title", "Programme", "Website"]


def test_unused_items_of_included_kinds(minimal: Path, write) -> None:
    brief_with(write, "  - title: P\n    include: practices\n    where:\n      ids: mid-check\n")
    assert run(minimal).unused() == {"practices": ["alpha-academy", "zeta-vouchers"]}


def test_merge_is_a_pure_function(minimal: Path) -> None:
    assert run(minimal).outline == run(minimal).outline
    assert run(minimal).outline.model_dump_json() == run(minimal).outline.model_dump_json()


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        (
            "  - title: R\n    include: recommendations\n    min: 3\n",
            'sources/briefs/policy.yaml:6: sections[1] "R".min: expected the rule to place at least 3 '
            "recommendations, got 2",
        ),
        (
            "  - title: P\n    include: practices\n    where:\n      topics: digitalization\n",
            'sources/briefs/policy.yaml:7: sections[1] "P".where.topics: expected a value that some of the '
            "practices have (capacity building, digitalisation, export finance, internationalisation), "
            "got 'digitalization'",
        ),
        (
            "  - title: P\n    include: practices\n    where:\n      audience: everyone\n",
            'sources/briefs/policy.yaml:7: sections[1] "P".where.audience: expected a filter that applies to '
            "practices (country, ids, projects, status, themes, topics), got 'audience'",
        ),
        (
            "  - title: P\n    include: practices\n    sort: colour\n",
            'sources/briefs/policy.yaml:6: sections[1] "P".sort: expected a sort field of practices '
            "(country, id, project, start, title), got 'colour'",
        ),
        (
            "  - title: P\n    include: recommendations\n    group_by: country\n",
            'sources/briefs/policy.yaml:6: sections[1] "P".group_by: expected a grouping that '
            "recommendations have (audience, topic), got 'country'",
        ),
        (
            "  - title: P\n    sort: title\n",
            'sources/briefs/policy.yaml:4: sections[1] "P".include: expected the kind of item to place, '
            "since the rule filters, sorts or shows items, got nothing",
        ),
    ],
)
def test_rule_errors_name_the_rule_and_the_value(minimal: Path, write, sections: str, expected: str) -> None:
    brief_with(write, sections)
    assert [str(p) for p in run(minimal).problems] == [expected]


def rule_problems(root: Path) -> list[str]:
    """The problems of the policy brief's rules, merged although other files have errors."""
    library = load_library(root)
    assert "policy" in library.briefs
    return [str(p) for p in merge(library, "policy", LABELS).problems]


def test_rule_values_are_checked_while_other_files_have_errors(minimal: Path, write) -> None:
    brief_with(
        write,
        "  - title: P\n    include: practices\n    where:\n      topics: [digitalization, green fleets]\n"
        "  - title: Q\n    include: practices\n    where:\n      ids: [broken, nowhere]\n"
        "  - title: G\n    include: practices\n    group_by: audience\n",
    )
    write("practices/broken.yaml", "title: B\nproject: alpha\ntopics: [green fleets]\nsumary: S\n")
    assert rule_problems(minimal) == [
        'sources/briefs/policy.yaml:7: sections[1] "P".where.topics: expected a value that some of the '
        "practices have (capacity building, digitalisation, export finance, internationalisation), "
        "got 'digitalization'",
        'sources/briefs/policy.yaml:11: sections[2] "Q".where.ids: expected a value that some of the '
        "practices have (alpha-academy, mid-check, zeta-vouchers), got 'nowhere'",
        'sources/briefs/policy.yaml:14: sections[3] "G".group_by: expected a grouping that practices have '
        "(country, project, theme, topic), got 'audience'",
    ]


def test_rule_values_are_not_checked_while_a_file_of_their_kind_cannot_be_read(minimal: Path, write) -> None:
    brief_with(write, "  - title: P\n    include: practices\n    where:\n      topics: digitalization\n")
    write("practices/broken.yaml", "title: [B\nproject: alpha\n")
    assert rule_problems(minimal) == []


def test_markdown_text_in_sources_is_never_markup(minimal: Path, write) -> None:
    brief_with(write, '  - title: X\n    text: "<script>alert(1)</script> {{ 7*7 }} {% if %}"\n')
    (block,) = run(minimal).outline.sections[0].blocks
    assert isinstance(block, TextBlock)
    assert block.content[0].text == "<script>alert(1)</script> {{ 7*7 }} {% if %}"


def test_a_rule_that_places_nothing_is_a_warning(minimal: Path, write) -> None:
    brief_with(
        write,
        "  - title: P\n    include: practices\n    where:\n      country: Italy\n      status: submitted\n",
    )
    (problem,) = run(minimal).problems
    assert (
        str(problem) == 'sources/briefs/policy.yaml:4: warning: sections[1] "P": the rule placed no practices'
    )


def test_session_details_in_words_of_the_layout(minimal: Path, write) -> None:
    write(
        "briefs/event.yaml", "title: T\nsession: meeting\nsections:\n  - title: About\n    include: details\n"
    )
    labels = {**LABELS, "type_community-brainstorming": "Réflexion collective", "month_5": "mai"}
    (block,) = merge(load_library(minimal), "event", labels).outline.sections[0].blocks
    assert [(item.title, item.body[0].text) for item in block.items] == [
        ("Date", "20 mai 2021"),
        ("Event", "Réflexion collective"),
        ("Format", "Online"),
        ("Organiser", "Policy Learning Platform"),
    ]
    assert [item.source.line for item in block.items] == [2, 3, 5, 4]


def test_briefs_sharing_candidate_pools_get_the_outlines_they_get_alone() -> None:
    """Candidates built once for several briefs (as validate does) change no outline."""
    library = load_library(REPO / "sources")
    labels = LABELS
    pools = CandidatePools(library)
    for brief in sorted(library.briefs):
        shared, alone = merge(library, brief, labels, pools), merge(library, brief, labels)
        assert shared.outline.model_dump_json() == alone.outline.model_dump_json()
        assert shared.unused() == alone.unused()
        assert shared.problems == alone.problems
