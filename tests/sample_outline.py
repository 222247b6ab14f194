"""A hand-made outline using every block kind and display, for renderer tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from brief_builder.outline import (
    Block,
    Citation,
    Fact,
    Item,
    ItemsBlock,
    ListBlock,
    Meta,
    Outline,
    Paragraph,
    Person,
    Provenance,
    Run,
    Section,
    TextBlock,
)

SRC = Provenance(path="sources/briefs/sample.yaml", line=1)


def para(*runs: Run | str) -> Paragraph:
    return Paragraph(runs=[Run(text=r) if isinstance(r, str) else r for r in runs])


def sample_outline(layout: str = "policy-brief", language: str = "en") -> Outline:
    practice = Item(
        kind="practices",
        id="go4export",
        title="GO4EXPORT",
        body=[para("Export vouchers for ", Run(text="first-time", em=True), " exporters.")],
        facts=[
            Fact(label="Project", text="SCALE UP"),
            Fact(label="Location", text="Lombardy, Italy"),
            Fact(label="Website", text="example.org", href="https://example.org/go4export"),
        ],
        url="https://example.org/go4export",
        source=Provenance(path="sources/practices/go4export.yaml", line=1),
    )
    recommendation = Item(
        kind="recommendations",
        id="tailor-support",
        title="Tailor support to the firm's export maturity",
        body=[para("Regional authorities ", Run(text="should", strong=True), " segment their offer.")],
        facts=[Fact(label="Audience", text="regional authorities; business support providers")],
        citations=[Citation(id="go4export", kind="practices", title="GO4EXPORT")],
        source=Provenance(path="sources/recommendations/tailor-support.yaml", line=1),
    )
    project = Item(
        kind="projects",
        id="scale-up",
        title="SCALE UP",
        facts=[
            Fact(label="Title", text="Scaling up SMEs"),
            Fact(label="Programme", text="Interreg Europe"),
            Fact(label="Website", text="scale-up", href="https://example.org/scale-up"),
        ],
        source=Provenance(path="sources/projects/scale-up.yaml", line=1),
    )
    finding = Item(
        kind="findings",
        id="sme-2021-05-20/covid/1",
        body=[para("The pandemic hit many businesses hard.")],
        source=Provenance(path="sources/sessions/sme.yaml", line=20),
    )
    key = section(
        "Key messages",
        "key-messages",
        1,
        TextBlock(
            content=[ListBlock(items=[[para("SMEs are 99% of firms.")], [para("Few of them export.")]])],
            source=SRC,
        ),
        role="key-messages",
    )
    lessons = section(
        "Lessons from the projects",
        "lessons",
        1,
        TextBlock(
            content=[para("See ", Run(text="the platform", href="https://example.org"), ".")], source=SRC
        ),
        sections=[
            section(
                "Good practices",
                "good-practices",
                2,
                ItemsBlock(kind="practices", display="boxes", items=[practice], source=SRC),
            ),
            section(
                "Insights",
                "insights",
                2,
                ItemsBlock(kind="findings", display="list", items=[finding], source=SRC),
            ),
        ],
    )
    recs = section(
        "Recommendations",
        "recommendations",
        1,
        ItemsBlock(kind="recommendations", display="numbered", items=[recommendation], source=SRC),
    )
    projects = section(
        "Projects",
        "projects",
        1,
        ItemsBlock(
            kind="projects",
            display="table",
            columns=["Acronym", "Title", "Programme", "Website"],
            items=[project],
            source=SRC,
        ),
    )
    meta = Meta(
        id="sample",
        title="Internationalisation of SMEs",
        subtitle="A policy brief",
        date=dt.date(2021, 6, 30),
        language=language,
        layout=layout,
        authors=[Person(name="Luc Schmerber", role="Thematic expert")],
        disclaimer=[para("This brief reflects only the authors' views.")],
        keywords=["SME", "internationalisation"],
        labels={"contents": "Contents", "page": "Page", "of": "of"},
        source=SRC,
    )
    return Outline(meta=meta, sections=[key, lessons, recs, projects])


def section(
    title: str,
    anchor: str,
    level: int,
    *blocks: Block,
    role: str | None = None,
    sections: Sequence[Section] = (),
) -> Section:
    """A section of the sample brief holding ``blocks``, from SRC as everything in it."""
    return Section(
        title=title,
        anchor=anchor,
        level=level,
        role=role,
        blocks=list(blocks),
        sections=list(sections),
        source=SRC,
    )


def with_paragraph(outline: Outline, *runs: Run) -> Outline:
    """``outline`` with one more top-level section holding a paragraph of ``runs``."""
    extra = section("Extra", "extra", 1, TextBlock(content=[Paragraph(runs=list(runs))], source=SRC))
    return outline.model_copy(update={"sections": [*outline.sections, extra]})
