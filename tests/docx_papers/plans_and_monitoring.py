"""Plans and monitoring: medium-term strategies, business and integrated plans, and a
report of savings delivered against target."""

from __future__ import annotations

from decimal import Decimal

from tests.docx_papers.model import (
    Col,
    Group,
    Look,
    SavingsTable,
    add_notes,
    build_rows,
    mag_k,
    mag_m,
    plan_values,
    rag_from_delivery,
    target_values,
    years_values,
)
from tests.docx_papers.narrative import (
    m,
    p_budget,
    p_consult,
    p_delivery,
    p_demand,
    p_intro,
    p_mental_health,
    p_partners,
    year_cols,
)
from tests.docx_papers.paper import Council, Paper
from tests.docx_papers.vocabulary import RISK_TEXT, describe, scheme_pool

COUNCIL_HERTFORDSHIRE = Council(
    "Hertfordshire County Council",
    "E10000015",
    "Hertfordshire County Council",
    [
        "NHS Herts Valleys Clinical Commissioning Group",
        "Hertfordshire Community NHS Trust",
        "Hertfordshire Partnership University NHS Foundation Trust",
    ],
)


FEATURES_HERTFORDSHIRE = (
    "Table Grid",
    "units row £'000",
    "grey header fill",
    "group heading rows merged across",
    "RAG words",
    "long table over pages, header row repeated",
)


def paper_hertfordshire() -> Paper:
    c = COUNCIL_HERTFORDSHIRE
    p = Paper("hertfordshire-asc-integrated-plan-2014-15", c, 2014, 414)
    rng = p.rng
    cols = [
        Col("Proposal", "label", 7.4),
        Col("RAG status", "rag", 1.8),
        *year_cols(2014, 3, group=None, width=2.2),
    ]
    look = Look(
        borders="grid",
        units_row="£'000",
        rag="word",
        header_fill="D9D9D9",
        heading_merged=True,
        repeat_header=True,
        font_size=10,
    )
    groups = [
        Group("Older People", scheme_pool(rng, "Older People", 9), subtotal="Total Older People"),
        Group(
            "Learning Disabilities",
            scheme_pool(rng, "Learning Disabilities", 8),
            subtotal="Total Learning Disabilities",
        ),
        Group(
            "Mental Health", scheme_pool(rng, "Mental Health", 5), subtotal="Total Mental Health"
        ),
        Group(
            "Physical Disabilities",
            scheme_pool(rng, "Physical Disabilities", 5),
            subtotal="Total Physical Disabilities",
        ),
        Group(
            "Commissioning", scheme_pool(rng, "Commissioning", 7), subtotal="Total Commissioning"
        ),
        Group("Income", scheme_pool(rng, "Income", 6), subtotal="Total Income"),
        Group("Workforce", scheme_pool(rng, "Workforce", 6), subtotal="Total Workforce"),
    ]
    rows = build_rows(rng, groups, years_values(3, mag_k, p_blank=0.2), total="Total savings")
    t = SavingsTable(
        "integrated plan savings",
        cols,
        rows,
        look,
        caption="Annex B: Adult Care Services savings proposals",
        features=list(FEATURES_HERTFORDSHIRE),
    )
    total = t.col_total(0, ("total",))
    p.title(c.name)
    p.title(f"Integrated Plan {p.w.fy(2014)} – Adult Care Services", 13)
    p.heading("Introduction")
    p.para(
        p_intro(
            p,
            (t.col_total(0, ("total",)) + t.col_total(1, ("total",)) + t.col_total(2, ("total",)))
            * 1000,
            2014,
            2016,
        )
    )
    p.para(p_budget(p, m(rng, 300_000_000, 340_000_000), m(rng, 400_000_000, 460_000_000)))
    p.para(p_demand(p, m(rng, 8_000_000, 14_000_000), m(rng, 2_000_000, 4_000_000)))
    p.para(p_partners(p, m(rng, 10_000_000, 20_000_000)))
    p.bullets(
        [
            f"reablement and intermediate care, saving {p.w.gbp(total * 1000)} in {p.w.fy(2014)};",
            "reviews of learning disability placements and the move to supported living;",
            "recommissioning of home care on an outcomes basis; and",
            "a new charging policy following consultation.",
        ]
    )
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.para(p_consult(p))
    p.footer("Page ")
    p.features += ["portrait", "bullets"]
    return p


COUNCIL_CROYDON = Council(
    "London Borough of Croydon",
    "E09000008",
    "Croydon Council",
    [
        "NHS Croydon Clinical Commissioning Group",
        "Croydon Health Services NHS Trust",
        "South London and Maudsley NHS Foundation Trust",
    ],
)


def paper_croydon() -> Paper:
    c = COUNCIL_CROYDON
    p = Paper("croydon-asc-savings-monitoring-2016-17", c, 2016, 716, font="Carlito")
    rng = p.rng
    look_a = Look(borders="none", neg="()", zero="-", rag="word", header_align="right")
    cols_a = [
        Col("Scheme", "label", 7.0),
        Col("Target\n2015/16", fy=(2015, 2015), measure="target", width=2.2),
        Col("Forecast\n2015/16", fy=(2015, 2015), measure="forecast", width=2.2),
        Col("Shortfall", measure="shortfall", width=2.2),
        Col("RAG", "rag", 1.5),
    ]
    rows_a = build_rows(
        rng,
        [Group(None, scheme_pool(rng, "Older People", 3) + scheme_pool(rng, "Commissioning", 3))],
        target_values(mag_k, 0),
        total="Total",
        rag_of=rag_from_delivery,
    )
    ta = SavingsTable(
        "delivery of 2015/16 savings",
        cols_a,
        rows_a,
        look_a,
        caption=f"Table 3: Delivery of {p.w.fy(2015)} savings (£'000)",
        features=[
            "no borders",
            "units in caption (£'000)",
            "nil as -",
            "target / forecast / shortfall columns",
            "RAG words",
        ],
    )
    look_b = Look(borders="none", neg="()", zero="-", rag="word", header_align="right")
    cols_b = [Col("Scheme", "label", 7.0), *year_cols(2016, 3, group=None, width=2.2)]
    rows_b = build_rows(
        rng,
        [
            Group(
                None, scheme_pool(rng, "Learning Disabilities", 3) + scheme_pool(rng, "Income", 2)
            ),
            Group(None, scheme_pool(rng, "Investment", 1), sign=-1),
        ],
        years_values(3, mag_k, p_blank=0.3, p_zero=0.0),
        total="Net savings",
    )
    tb = SavingsTable(
        "new proposals",
        cols_b,
        rows_b,
        look_b,
        caption="Table 4: New savings proposals 2016-19 (£'000)",
        features=[
            "no borders",
            "blank cells (not figures)",
            "negative in brackets",
            "two tables on one page",
            "no RAG",
        ],
    )
    p.w.span(2016, 2018)
    p.title(c.name)
    p.title("Adult Social Care savings: progress and new proposals", 13)
    p.para(
        f"This paper reports on delivery of the savings agreed for {p.w.fy(2015)} and "
        f"sets out new proposals for {p.w.fy(2016)} onwards. Of the "
        f"{p.w.gbp(ta.col_total(0, ('total',)) * 1000)} agreed, "
        f"{p.w.gbp(ta.col_total(1, ('total',)) * 1000)} is forecast to be delivered."
    )
    p.para(p_partners(p, m(rng, 5_000_000, 10_000_000)))
    p.para(p_demand(p, m(rng, 2_000_000, 5_000_000), m(rng, 400_000, 900_000, 50_000)))
    p.page_break()
    p.savings_table(ta)
    p.savings_table(tb)
    p.para(p_consult(p))
    p.features += ["portrait", "two tables on one page"]
    return p


COUNCIL_NOTTINGHAM = Council(
    "Nottingham City Council",
    "E06000018",
    "Nottingham City Council",
    [
        "NHS Nottingham City Clinical Commissioning Group",
        "Nottingham University Hospitals NHS Trust",
        "Nottinghamshire Healthcare NHS Foundation Trust",
    ],
)


FEATURES_NOTTINGHAM = (
    "landscape",
    "approved/achieved/proposed/revised/change columns",
    "savings printed negative",
    "units row £'000",
    "RAG letters",
    "blue header, white text",
    "multi-line headers",
    "footnote marker on a subtotal",
    "investment group",
)


def paper_nottingham() -> Paper:
    c = COUNCIL_NOTTINGHAM
    p = Paper("nottingham-asc-business-plan-2018-19-appendix-2", c, 2018, 1018)
    rng = p.rng
    cols = [
        Col("Adult Social Care savings schedule 2017-19", "label", 7.2),
        Col("RAG\nRating", "rag", 1.5),
        Col(
            "Approved\nCumulative Savings\n2017-19", width=3.2, fy=(2017, 2018), measure="approved"
        ),
        Col("Achieved\n2017-18", width=2.6, fy=(2017, 2017), measure="achieved"),
        Col("Proposed\n2018-19", width=2.6, fy=(2018, 2018), measure="proposed"),
        Col("Revised Total\n2017-19", width=2.8, fy=(2017, 2018), measure="revised"),
        Col("Change", width=2.4, measure="change"),
    ]
    look = Look(
        borders="grid",
        units_row="£'000",
        rag="letter",
        zero="0",
        header_fill="1F4E79",
        header_color="FFFFFF",
        header_align="left",
    )
    rows = build_rows(
        rng,
        [
            Group(
                "Integrated Care Gross Savings",
                scheme_pool(rng, "Older People", 5),
                subtotal="Gross integrated care savings",
            ),
            Group(
                "Integrated Care Investment",
                scheme_pool(rng, "Investment", 3),
                sign=-1,
                rags=False,
                subtotal="Total investment",
            ),
            Group(
                "Other ASC Savings",
                scheme_pool(rng, "Learning Disabilities", 3) + scheme_pool(rng, "Commissioning", 3),
                subtotal="Sub-total",
            ),
        ],
        plan_values(mag_k, 0),
        total="Total Net Savings",
        extra_totals=[("Total Gross Savings", [0, 2])],
    )
    for r in rows:  # savings printed negative, investment positive
        r.values = [None if v is None else -v for v in r.values]
    marks = add_notes(rng, rows, ["*"], kinds=("subtotal",))
    t = SavingsTable(
        "savings schedule",
        cols,
        rows,
        look,
        caption=None,
        features=list(FEATURES_NOTTINGHAM),
    )
    gross = -t.col_total(0, ("data",))
    p.title("Appendix 2")
    p.title(f"{p.w.fy(2018)} Adult Social Care Business Plan: savings schemes update", 13)
    p.heading("Introduction")
    p.para(
        f"This appendix summarises progress with the savings for Adult Social Care approved "
        f"as part of the {p.w.span(2017, 2018)} budget. Approved net savings were "
        f"{p.w.gbp(abs(t.rows[-1].values[0] or 0) * 1000)} over the two years."
    )
    p.para(p_partners(p, m(rng, 10_000_000, 20_000_000)))
    p.para(p_mental_health(p, m(rng, 300_000, 800_000, 10_000)))
    p.para(f"Gross savings before investment total {p.w.gbp(gross * 1000)}.")
    p.landscape()
    t.footnotes = [
        f"{marks[0][0].notes[marks[0][1]]} Reduction in gross savings – pressure of "
        f"{p.w.gbp(m(rng, 500_000, 3_000_000, 1000), 'm3')}"
    ]
    p.savings_table(t)
    p.features += ["landscape section at end"]
    return p


COUNCIL_CHESHIRE_EAST = Council(
    "Cheshire East Council",
    "E06000049",
    "Cheshire East Council",
    [
        "NHS Cheshire Clinical Commissioning Group",
        "Mid Cheshire Hospitals NHS Foundation Trust",
        "Cheshire and Wirral Partnership NHS Foundation Trust",
    ],
)


FEATURES_CHESHIRE_EAST = (
    "Table Grid",
    "merged header 'Savings £000' over years",
    "total column with years (Total 2020-23)",
    "wrapped labels",
    "figures bottom-aligned",
    "long table over pages, header row repeated",
    "RAG words",
    "subtotals",
)


def paper_cheshire_east() -> Paper:
    c = COUNCIL_CHESHIRE_EAST
    p = Paper("cheshire-east-asc-mtfs-2020-21", c, 2020, 1220)
    rng = p.rng
    cols = [
        Col("Saving", "label", 5.4),
        Col("RAG", "rag", 1.5),
        *year_cols(2020, 3, group="Savings £000", width=1.9),
        Col("Total\n2020-23", width=2.1, fy=(2020, 2022), measure="saving"),
    ]
    look = Look(borders="grid", rag="word", zero="–", valign="bottom", repeat_header=True)
    groups = [
        Group(
            "Care4CE (in-house provision)",
            scheme_pool(rng, "Older People", 6, long_share=0.6),
            subtotal="Sub-total",
        ),
        Group(
            "Commissioning",
            scheme_pool(rng, "Commissioning", 6, long_share=0.5),
            subtotal="Sub-total",
        ),
        Group(
            "Operational services",
            scheme_pool(rng, "Learning Disabilities", 6, long_share=0.5)
            + scheme_pool(rng, "Mental Health", 4, long_share=0.4),
            subtotal="Sub-total",
        ),
        Group("Income", scheme_pool(rng, "Income", 5, long_share=0.4), subtotal="Sub-total"),
    ]
    rows = build_rows(
        rng,
        groups,
        years_values(3, mag_k, total=True, p_blank=0.2),
        total="Total Adult Social Care savings",
    )
    t = SavingsTable(
        "MTFS savings",
        cols,
        rows,
        look,
        caption="Appendix C – Adults savings",
        features=list(FEATURES_CHESHIRE_EAST),
    )
    p.key_figures_table(
        [
            ("20/21 Gross Budget", m(rng, 170_000_000, 200_000_000), 2020),
            ("20/21 Net Budget", m(rng, 110_000_000, 130_000_000), 2020),
        ]
    )
    p.w.fy(2020, short=True)
    p.title(c.name)
    p.title(
        f"Medium Term Financial Strategy {p.w.span(2020, 2023)}: Adults, Health and Integration", 13
    )
    p.heading("Key services and activities")
    p.three_columns(
        [
            "Adults, Health and Integration provides assessment and care management, "
            "safeguarding, in-house services through Care4CE, and commissions residential, "
            "nursing, home care and day services from around 300 providers.",
            f"The directorate works with {p.w.partner(c.nhs[0])} through the Better Care Fund "
            f"and with {p.w.partner(c.nhs[2])} on mental health services, including section 117 "
            f"aftercare.",
            f"The savings programme for {p.w.fy(2020)} builds on the delivery of "
            f"{p.w.gbp(m(rng, 4_000_000, 8_000_000))} of savings in {p.w.fy(2019)}, and "
            f"reflects the pressures of {p.w.gbp(m(rng, 6_000_000, 10_000_000))} set out below.",
        ]
    )
    p.heading("Savings to date and approach")
    p.para(p_delivery(p, m(rng, 6_000_000, 10_000_000), m(rng, 4_000_000, 5_500_000)))
    p.para(p_partners(p, m(rng, 12_000_000, 20_000_000)))
    p.para(RISK_TEXT)
    p.savings_table(t)
    p.footer("Cheshire East Council MTFS – ")
    p.features += ["portrait"]
    return p


COUNCIL_OXFORDSHIRE = Council(
    "Oxfordshire County Council",
    "E10000025",
    "Oxfordshire County Council",
    [
        "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
        "Oxford University Hospitals NHS Foundation Trust",
        "Oxford Health NHS Foundation Trust",
    ],
)


def paper_oxfordshire() -> Paper:
    c = COUNCIL_OXFORDSHIRE
    p = Paper("oxfordshire-asc-budget-proposals-2022-23", c, 2022, 1422)
    rng = p.rng
    cols = [
        Col("Ref", "ref", 1.6),
        Col("Proposal", "label", 4.6),
        Col("Description", "text", 10.0),
        Col("2022/23\n£m", width=2.0, fy=(2022, 2022), measure="saving"),
        Col("2023/24\n£m", width=2.0, fy=(2023, 2023), measure="saving"),
        Col("RAG", "rag", 1.6),
    ]
    look = Look(
        borders="grid",
        unit=Decimal(1_000_000),
        decimals=1,
        rag="word",
        zero="0.0",
        header_fill="1F3864",
        header_color="FFFFFF",
        valign="top",
    )
    names = (
        scheme_pool(rng, "Older People", 3)
        + scheme_pool(rng, "Learning Disabilities", 3)
        + scheme_pool(rng, "Workforce", 2)
        + scheme_pool(rng, "Income", 2)
    )
    rows = build_rows(
        rng, [Group(None, names)], years_values(2, mag_m(1), p_blank=0.1), total="Total"
    )
    for i, r in enumerate(t for t in rows if t.kind == "data"):
        r.texts["Ref"] = f"AS{i + 1}"
        r.texts["Description"] = describe(rng, r.label)
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "landscape",
            "Ref and description columns",
            "units in header (2022/23 £m)",
            "1 decimal",
            "dark header fill, white text",
            "RAG words",
            "figures top-aligned",
        ],
    )
    total = t.col_total(0, ("total",)) + t.col_total(1, ("total",))
    p.title(c.name)
    p.title(f"Budget and Business Planning {p.w.fy(2022)}: Adult Services", 13)
    p.para(p_intro(p, total * 1_000_000, 2022, 2023))
    p.para(p_demand(p, m(rng, 8_000_000, 14_000_000), m(rng, 3_000_000, 5_000_000)))
    p.para(
        f"From July 2022 the Council's main NHS partner for commissioning is "
        f"{p.w.partner(c.nhs[0])}. The Council also works with {p.w.partner(c.nhs[2])} on "
        f"mental health and community services under a section 75 agreement."
    )
    p.para(RISK_TEXT)
    p.landscape()
    p.savings_table(t)
    p.portrait()
    p.heading("Equalities")
    p.para(p_consult(p))
    p.features += ["landscape section in the middle"]
    return p
