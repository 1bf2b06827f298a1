"""Savings schedules: a council's list of schemes with their savings, years and RAG."""

from __future__ import annotations

from decimal import Decimal

from tests.docx_papers.model import (
    RAG_PASTEL,
    Col,
    Group,
    Look,
    SavingsTable,
    add_notes,
    build_rows,
    colsum,
    mag_cell,
    mag_k,
    mag_m,
    rag_from_delivery,
    target_values,
    years_values,
)
from tests.docx_papers.narrative import (
    m,
    p_budget,
    p_consult,
    p_demand,
    p_intro,
    p_mental_health,
    p_partners,
    p_reserve,
    retotal,
    scheme_paragraphs,
    year_cols,
)
from tests.docx_papers.paper import Council, Paper
from tests.docx_papers.vocabulary import RISK_TEXT, describe, scheme_pool

COUNCIL_TOWER_HAMLETS = Council(
    "London Borough of Tower Hamlets",
    "E09000030",
    "Tower Hamlets Council",
    [
        "NHS Tower Hamlets Clinical Commissioning Group",
        "Barts Health NHS Trust",
        "East London NHS Foundation Trust",
    ],
)


def paper_tower_hamlets() -> Paper:
    c = COUNCIL_TOWER_HAMLETS
    p = Paper("tower-hamlets-asc-savings-2015-16", c, 2015, 515, money_style="million")
    rng = p.rng
    tw = p.text_width
    cols = [
        Col("Proposal", "label", 4.2),
        Col("Description", "text", tw - 4.2 - 3 * 2.1),
        Col("Saving\n2015/16", width=2.1, fy=(2015, 2015), measure="saving"),
        Col("Saving\n2016/17", width=2.1, fy=(2016, 2016), measure="saving"),
        Col("RAG rating", "rag", 2.1),
    ]
    look = Look(
        borders="grid",
        cell_units=True,
        unit=Decimal(1),
        zero="£0",
        rag="word",
        header_fill="DEEAF6",
    )
    names = (
        scheme_pool(rng, "Older People", 3)
        + scheme_pool(rng, "Learning Disabilities", 3)
        + scheme_pool(rng, "Income", 2)
    )
    rows = build_rows(
        rng,
        [Group(None, names)],
        years_values(2, mag_cell, p_blank=0.1),
        total="Total",
        rag_pool=("Green", "Amber", "Amber/Green", "Red", "Green", "Amber"),
    )
    for r in rows:
        if r.kind == "data":
            r.texts["Description"] = describe(rng, r.label)
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "Table Grid",
            "units in each cell (£1.2m / £250k)",
            "description text column",
            "RAG words incl. Amber/Green",
            "RAG column after figures",
            "light header fill",
        ],
    )
    total = t.col_total(0, ("total",)) + t.col_total(1, ("total",))
    p.title(c.name)
    p.title(f"Adults' Services savings proposals {p.w.fy(2015)} and {p.w.fy(2016)}", 13)
    p.heading("Key services")
    p.three_columns(
        [
            f"Adult social care in Tower Hamlets supports around {rng.randrange(5, 8)},"
            f"{rng.randrange(100, 999)} people each year, from short-term reablement to long-term "
            f"residential and nursing care. Most services are commissioned from independent and "
            f"voluntary sector providers.",
            f"The service works closely with {p.w.partner(c.nhs[0])} through a pooled budget "
            f"for integrated community health and social care, and with "
            f"{p.w.partner(c.nhs[2])} on mental health services delivered under a section 75 "
            f"agreement.",
            f"The net budget for {p.w.fy(2015)} is {p.w.gbp(m(rng, 80_000_000, 100_000_000))}. "
            f"Savings of {p.w.gbp(total)} are proposed over two years, alongside growth for "
            f"demographic pressures and the new duties of the Care Act.",
        ]
    )
    p.heading("Savings proposals")
    p.para(p_demand(p, m(rng, 2_000_000, 5_000_000), m(rng, 500_000, 1_000_000, 50_000)))
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.para(p_consult(p))
    p.features += ["portrait"]
    return p


COUNCIL_COVENTRY = Council(
    "Coventry City Council",
    "E08000026",
    "Coventry City Council",
    [
        "NHS Coventry and Rugby Clinical Commissioning Group",
        "University Hospitals Coventry and Warwickshire NHS Trust",
        "Coventry and Warwickshire Partnership NHS Trust",
    ],
)


def paper_coventry() -> Paper:
    c = COUNCIL_COVENTRY
    p = Paper("coventry-asc-savings-2017-18", c, 2017, 817)
    rng = p.rng
    cols = [
        Col("Ref", "ref", 1.4),
        Col("Savings proposal", "label", 4.0),
        *year_cols(2017, 4, group=None, width=2.3),
        Col("RAG", "rag", 1.5),
    ]
    look = Look(
        borders="grid",
        units_row="£000s",
        neg="−",
        zero="0",
        rag="word",
        valign="top",
        repeat_header=False,
    )
    groups = [
        Group("Older People", scheme_pool(rng, "Older People", 8, long_share=0.7)),
        Group(
            "Working Age Adults",
            scheme_pool(rng, "Learning Disabilities", 7, long_share=0.7)
            + scheme_pool(rng, "Mental Health", 4, long_share=0.6),
        ),
        Group(
            "Corporate and support",
            scheme_pool(rng, "Workforce", 5, long_share=0.5)
            + scheme_pool(rng, "Income", 3, long_share=0.5),
        ),
    ]
    rows = build_rows(rng, groups, years_values(4, mag_k, p_blank=0.25), total="Total")
    k = 1
    for r in rows:
        if r.kind == "data":
            r.texts["Ref"] = f"ASC{k:02d}"
            k += 1
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "Table Grid",
            "Ref column before label",
            "narrow label column, wrapped labels",
            "figures top-aligned",
            "minus sign U+2212",
            "units row £000s",
            "long table over pages, header NOT repeated",
            "group headings, no subtotals",
        ],
    )
    # a few rows have an investment (negative) in the first year
    for r in rng.sample(t.data_rows(), 3):
        if r.values[0]:
            r.values[0] = -r.values[0]
    t.rows[-1].values = colsum(t.data_rows())
    total4 = sum((t.col_total(j, ("total",)) for j in range(4)), Decimal(0))
    p.title(c.name)
    p.title(f"People Directorate – Adult Social Care savings {p.w.span(2017, 2020)}", 13)
    p.para(p_intro(p, total4 * 1000, 2017, 2020))
    p.para(p_budget(p, m(rng, 80_000_000, 100_000_000), m(rng, 130_000_000, 160_000_000)))
    p.para(p_partners(p, m(rng, 10_000_000, 18_000_000)))
    for s in scheme_paragraphs(p, t, 1, 3):
        p.para(s)
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.para(p_reserve(p, m(rng, 500_000, 2_000_000, 50_000)))
    p.features += ["portrait"]
    return p


COUNCIL_SOUTHAMPTON = Council(
    "Southampton City Council",
    "E06000045",
    "Southampton City Council",
    [
        "NHS Southampton City Clinical Commissioning Group",
        "University Hospital Southampton NHS Foundation Trust",
        "Solent NHS Trust",
    ],
)


FEATURES_SOUTHAMPTON = (
    "borders only horizontal",
    "merged header 'Proposed savings (£m)' over years",
    "multi-line header 'Full Year Effect 2022/23'",
    "2 decimals",
    "nil as word",
    "RAG by pastel shading only",
)


def paper_southampton() -> Paper:
    c = COUNCIL_SOUTHAMPTON
    p = Paper("southampton-asc-savings-2019-20", c, 2019, 1119)
    rng = p.rng
    cols = [
        Col("Saving proposal", "label", 5.6),
        Col("RAG", "rag", 1.2),
        *year_cols(2019, 3, group="Proposed savings (£m)", width=2.0),
        Col(
            "Full Year\nEffect\n2022/23",
            width=2.0,
            fy=(2022, 2022),
            measure="saving",
            label="Full Year Effect 2022/23",
        ),
    ]
    look = Look(
        borders="horizontal",
        unit=Decimal(1_000_000),
        decimals=2,
        zero="nil",
        rag="shade",
        fills=dict(RAG_PASTEL),
        neg="-",
    )
    rows = build_rows(
        rng,
        [
            Group(
                "Prevention and early help",
                scheme_pool(rng, "Older People", 3) + scheme_pool(rng, "Physical Disabilities", 2),
                subtotal="Sub-total",
            ),
            Group(
                "Long term care",
                scheme_pool(rng, "Learning Disabilities", 3) + scheme_pool(rng, "Mental Health", 2),
                subtotal="Sub-total",
            ),
        ],
        years_values(4, mag_m(2), p_blank=0.1),
        total="Total",
    )
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption="Table 1: Proposed savings",
        features=list(FEATURES_SOUTHAMPTON),
    )
    total3 = sum((t.col_total(j, ("total",)) for j in range(3)), Decimal(0))
    p.title(c.name)
    p.title(f"Adult Social Care: savings proposals {p.w.span(2019, 2021)}", 13)
    p.heading("Context")
    p.three_columns(
        [
            f"Southampton's population is growing and ageing. Around "
            f"{rng.randrange(3, 5)},{rng.randrange(100, 999)} adults receive long-term support "
            f"from the Council, and demand for home care has grown each year since "
            f"{p.w.fy(2015)}.",
            f"The Council and {p.w.partner(c.nhs[0])} commission adult care jointly through the "
            f"Better Care pooled fund, and work with {p.w.partner(c.nhs[2])} on community "
            f"services and hospital discharge.",
            f"The proposals in this paper would save {p.w.gbp(total3 * 1_000_000)} over three "
            f"years. They build on the strengths-based approach to assessment introduced in "
            f"{p.w.fy(2018)}.",
        ]
    )
    p.heading("Proposals")
    p.para(p_demand(p, m(rng, 3_000_000, 6_000_000), m(rng, 1_000_000, 2_000_000, 50_000)))
    p.para(RISK_TEXT + " The rating is shown by the colour of the RAG column.")
    p.savings_table(t)
    p.para(p_consult(p))
    p.features += ["portrait"]
    return p


COUNCIL_WIRRAL = Council(
    "Wirral Council",
    "E08000015",
    "Wirral Council",
    [
        "NHS Cheshire and Merseyside Integrated Care Board",
        "Wirral University Teaching Hospital NHS Foundation Trust",
        "Wirral Community Health and Care NHS Foundation Trust",
    ],
)


FEATURES_WIRRAL = (
    "borders only horizontal",
    "units row £000",
    "nil as 0",
    "RAG letters",
    "footnote marker without space (1,250*)",
)

FEATURES_WIRRAL_2 = (
    "second table on the same page",
    "target / forecast / variance",
)


def paper_wirral() -> Paper:
    c = COUNCIL_WIRRAL
    p = Paper("wirral-asc-savings-2023-24", c, 2023, 1523, font="Carlito", money_style="m")
    rng = p.rng
    cols = [
        Col("Saving", "label", 7.0),
        Col("RAG", "rag", 1.3),
        *year_cols(2023, 2, group=None, width=2.2),
    ]
    look = Look(borders="horizontal", units_row="£000", zero="0", rag="letter", note_space=False)
    rows = build_rows(
        rng,
        [Group(None, scheme_pool(rng, "Older People", 3) + scheme_pool(rng, "Commissioning", 3))],
        years_values(2, mag_k, p_blank=0.1, p_zero=0.1),
        total="Total",
    )
    marks = add_notes(rng, rows, ["*"])
    t1 = SavingsTable(
        "new savings",
        cols,
        rows,
        look,
        caption="New savings 2023/24",
        features=list(FEATURES_WIRRAL),
    )
    cols2 = [
        Col("Saving", "label", 7.0),
        Col("RAG", "rag", 1.3),
        Col("Target\n2022/23", width=2.2, fy=(2022, 2022), measure="target"),
        Col("Forecast\n2022/23", width=2.2, fy=(2022, 2022), measure="forecast"),
        Col("Variance", width=2.2, measure="variance"),
    ]
    rows2 = build_rows(
        rng,
        [Group(None, scheme_pool(rng, "Learning Disabilities", 3))],
        target_values(mag_k, 0),
        total="Total",
        rag_of=rag_from_delivery,
    )
    t2 = SavingsTable(
        "carried forward",
        cols2,
        rows2,
        look,
        caption="Savings carried forward from 2022/23",
        features=list(FEATURES_WIRRAL_2),
    )
    p.w.fy(2023)
    p.w.fy(2022)
    p.key_figures_table(
        [
            ("23/24 Gross Expenditure", m(rng, 150_000_000, 180_000_000), 2023),
            ("23/24 Net Expenditure", m(rng, 100_000_000, 120_000_000), 2023),
            ("23/24 Income", m(rng, 40_000_000, 60_000_000), 2023),
        ],
        per_row=2,
        lead=("Directorate:", "Adult Care and Health"),
    )
    p.w.fy(2023, short=True)
    p.title(c.name)
    p.title(f"Adult Care and Health: savings proposals {p.w.fy(2023)}", 13)
    p.para(
        p_intro(p, (t1.col_total(0, ("total",)) + t1.col_total(1, ("total",))) * 1000, 2023, 2024)
    )
    p.para(p_partners(p, m(rng, 20_000_000, 30_000_000)))
    p.para(p_reserve(p, m(rng, 500_000, 1_500_000, 50_000)))
    p.page_break()
    t1.footnotes = [
        f"{marks[0][0].notes[marks[0][1]]} Subject to a decision on fees for {p.w.fy(2024)}."
    ]
    p.savings_table(t1)
    p.savings_table(t2)
    p.para(RISK_TEXT)
    p.footer("Page ")
    p.features += ["portrait", "two tables on one page"]
    return p


COUNCIL_ESSEX = Council(
    "Essex County Council",
    "E10000012",
    "Essex County Council",
    [
        "NHS Mid and South Essex Integrated Care Board",
        "Mid and South Essex NHS Foundation Trust",
        "Essex Partnership University NHS Foundation Trust",
    ],
)


def paper_essex() -> Paper:
    c = COUNCIL_ESSEX
    p = Paper("essex-asc-savings-2024-25", c, 2024, 1624, money_style="m")
    rng = p.rng
    cols = [
        Col("Saving", "label", 6.0),
        Col("RAG", "rag", 1.5),
        *year_cols(2024, 3, group="Savings (£m)", width=2.0),
        Col("Total", width=2.0, group="Savings (£m)", measure="saving", label="Total"),
    ]
    look = Look(
        borders="grid",
        unit=Decimal(1_000_000),
        decimals=3,
        neg="−",
        zero="–",
        rag="word+shade",
        repeat_header=True,
        header_fill="D9E2F3",
    )
    groups = [
        Group(g, scheme_pool(rng, key, n), subtotal=f"Total {g.lower()}")
        for g, key, n in (
            ("Older people", "Older People", 8),
            ("Learning disability and autism", "Learning Disabilities", 8),
            ("Mental health", "Mental Health", 5),
            ("Physical and sensory impairment", "Physical Disabilities", 5),
            ("Commissioning", "Commissioning", 6),
            ("Income", "Income", 6),
        )
    ]
    rows = build_rows(
        rng,
        groups,
        years_values(3, mag_m(3), total=True, p_blank=0.15),
        total="Total Adult Social Care savings",
    )
    t = SavingsTable(
        "savings",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "Table Grid",
            "merged header 'Savings (£m)' over years",
            "3 decimals",
            "minus sign U+2212",
            "RAG words on coloured cells",
            "long table over pages, header row repeated",
            "group headings with subtotals",
            "light blue header fill",
        ],
    )
    for r in rng.sample(t.data_rows(), 2):  # a reversal of a one-off saving
        r.values[0] = -(r.values[0] or Decimal("0.150"))
        r.values[3] = sum((v or Decimal(0) for v in r.values[:3]), Decimal(0))
    # recompute totals after the edit
    retotal(t)
    total = t.col_total(3, ("total",))
    p.title(c.name)
    p.title(f"Adult Social Care savings plan {p.w.span(2024, 2026)}", 13)
    p.para(p_intro(p, total * 1_000_000, 2024, 2026))
    p.para(p_budget(p, m(rng, 480_000_000, 540_000_000), m(rng, 700_000_000, 800_000_000)))
    p.para(p_demand(p, m(rng, 20_000_000, 40_000_000), m(rng, 8_000_000, 15_000_000)))
    p.bullets(
        [
            f"home care recommissioning from {p.w.fy(2025)};",
            "reviews of learning disability and autism packages;",
            f"joint funding with {p.w.partner(c.nhs[0])} for people with complex needs; and",
            "a refreshed charging policy.",
        ]
    )
    p.para(p_mental_health(p, m(rng, 500_000, 1_500_000, 10_000)))
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.footer("Page ")
    p.features += ["portrait"]
    return p
