"""Budget papers: a year's budget, budget proposals or budget review, savings among them."""

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
    mag_k,
    mag_m,
    mag_pounds,
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
    scheme_paragraphs,
    year_cols,
)
from tests.docx_papers.paper import Council, Paper
from tests.docx_papers.vocabulary import RISK_TEXT, group_of, scheme_pool

COUNCIL_SWANSEA = Council(
    "City and County of Swansea",
    "W06000011",
    "the City and County of Swansea",
    [
        "Abertawe Bro Morgannwg University Health Board",
        "Morriston Hospital",
        "Abertawe Bro Morgannwg University Health Board",
    ],
)


def paper_swansea() -> Paper:
    c = COUNCIL_SWANSEA
    p = Paper("swansea-social-services-budget-2011-12", c, 2011, 111)
    rng = p.rng
    cols = [
        Col("Service area / proposal", "label", 6.4),
        Col("RAG", "rag", 1.6),
        *year_cols(2011, 3, group=None, head_fmt="{fy}\n£000", width=2.2),
        Col("Total\n£000", width=2.2, measure="saving"),
    ]
    look = Look(borders="grid", units_row=None, zero="–", rag="word", tidy=False)
    t1 = SavingsTable(
        "efficiency savings",
        cols,
        build_rows(
            rng,
            [
                Group("Older People", scheme_pool(rng, "Older People", 4), subtotal="Sub-total"),
                Group(
                    "Learning Disabilities",
                    scheme_pool(rng, "Learning Disabilities", 3),
                    subtotal="Sub-total",
                ),
            ],
            years_values(3, mag_k, total=True),
            total="Total efficiency savings",
        ),
        look,
        caption="Table 1: Efficiency savings",
        features=[
            "Table Grid",
            "units in each header cell (2011/12 £000)",
            "RAG words",
            "group headings",
            "subtotals and total",
            "nil as –",
            "empty cells keep body font and spacing (taller rows)",
        ],
    )
    t2 = SavingsTable(
        "service change",
        [Col(x.head, x.kind, x.width, x.group, x.fy, x.measure) for x in cols],
        build_rows(
            rng,
            [Group(None, scheme_pool(rng, "Commissioning", 3) + scheme_pool(rng, "Income", 2))],
            years_values(3, mag_k, total=True),
            total="Total service change",
        ),
        look,
        caption="Table 2: Service change proposals",
        features=["Table Grid", "two tables on one page", "no group headings"],
    )
    total = t1.col_total(3, ("total",)) + t2.col_total(3, ("total",))
    p.title(c.name)
    p.title("Social Services: Adult Services Budget Proposals 2011/12", 13)
    p.w.fy(2011)
    p.heading("Purpose of report")
    p.para(p_intro(p, total * 1000, 2011, 2013))
    p.para(p_budget(p, m(rng, 60_000_000, 90_000_000), m(rng, 100_000_000, 130_000_000)))
    p.heading("Background")
    p.para(
        f"The Welsh Government settlement for {p.w.fy(2011)} reduced the Council's "
        f"revenue support grant by {p.w.gbp(m(rng, 5_000_000, 12_000_000))}. Social services "
        f"have been asked to contribute savings in proportion to their share of the budget."
    )
    p.para(
        f"The Council works closely with {p.w.partner(c.nhs[0])} on hospital discharge "
        f"and the joint community equipment service, which is funded through a pooled "
        f"budget of {p.w.gbp(m(rng, 2_000_000, 4_000_000))}."
    )
    p.para(RISK_TEXT)
    p.page_break()
    p.heading("Savings proposals")
    p.savings_table(t1)
    p.savings_table(t2)
    p.para(p_consult(p))
    p.features += ["portrait", "two tables on one page"]
    return p


COUNCIL_LIVERPOOL = Council(
    "Liverpool City Council",
    "E08000012",
    "Liverpool City Council",
    [
        "Liverpool Primary Care Trust",
        "Royal Liverpool and Broadgreen University Hospitals NHS Trust",
        "Mersey Care NHS Trust",
    ],
)


def paper_liverpool() -> Paper:
    c = COUNCIL_LIVERPOOL
    p = Paper("liverpool-asc-savings-2012-13", c, 2012, 212, fy_sep="/")
    rng = p.rng
    cols = [
        Col("Budget action", "label", 6.6),
        Col("RAG", "rag", 1.2),
        *year_cols(2012, 3, group="Savings £000", width=2.0),
        Col("Total", width=2.0, group="Savings £000", measure="saving", label="Total"),
    ]
    look = Look(borders="horizontal", zero="–", rag="letter", repeat_header=False)
    rows = build_rows(
        rng,
        [
            Group("Personalisation", scheme_pool(rng, "Older People", 4), subtotal="Sub-total"),
            Group(
                "Commissioning and contracts",
                scheme_pool(rng, "Commissioning", 4),
                subtotal="Sub-total",
            ),
            Group("Staffing", scheme_pool(rng, "Workforce", 3), subtotal="Sub-total"),
        ],
        years_values(3, mag_k, total=True, p_blank=0.25),
        total="Total",
    )
    t = SavingsTable(
        "budget actions",
        cols,
        rows,
        look,
        caption="Adult Social Care budget actions",
        features=[
            "borders only horizontal",
            "merged header 'Savings £000' over years",
            "RAG letters R/A/G",
            "footnote markers * #",
            "nil as –",
        ],
    )
    marks = add_notes(rng, rows, ["*", "#"])
    tot_k = t.col_total(3, ("total",))
    p.title(c.name)
    p.title(f"Adult Social Care: Budget Actions {p.w.fy(2012)}", 13)
    p.key_figures_table(
        [
            ("12/13 Gross Expenditure", m(rng, 200_000_000, 260_000_000), 2012),
            ("12/13 Net Expenditure", m(rng, 140_000_000, 180_000_000), 2012),
        ]
    )
    p.w.fy(2012, short=True)
    p.heading("Summary")
    p.para(p_intro(p, tot_k * 1000, 2012, 2014))
    p.para(p_demand(p, m(rng, 3_000_000, 6_000_000), m(rng, 500_000, 1_500_000, 50_000)))
    p.para(p_partners(p, m(rng, 4_000_000, 9_000_000)))
    p.para(p_mental_health(p, m(rng, 200_000, 600_000, 10_000)))
    p.heading("Budget actions")
    for s in scheme_paragraphs(p, t, 0, 2):
        p.para(s)
    t.footnotes = [
        f"{marks[0][0].notes[marks[0][1]]} Includes {p.w.gbp(m(rng, 50_000, 300_000, 10_000))} "
        f"carried forward from {p.w.fy(2011)}.",
        f"{marks[1][0].notes[marks[1][1]]} Subject to consultation.",
    ]
    p.savings_table(t)
    p.para(RISK_TEXT)
    p.footer("Liverpool City Council – Page ")
    p.features += ["portrait"]
    return p


COUNCIL_DEVON = Council(
    "Devon County Council",
    "E10000008",
    "Devon County Council",
    [
        "NHS Northern, Eastern and Western Devon Clinical Commissioning Group",
        "Royal Devon and Exeter NHS Foundation Trust",
        "Devon Partnership NHS Trust",
    ],
)


FEATURES_DEVON = (
    "no borders",
    "units in caption (£m)",
    "3 decimals",
    "negatives in brackets",
    "nil as -",
    "wrapped labels",
    "figures bottom-aligned",
    "no RAG",
)


def paper_devon() -> Paper:
    c = COUNCIL_DEVON
    p = Paper(
        "devon-asc-budget-review-2013-14",
        c,
        2013,
        313,
        font="Times New Roman",
        body_size=12,
        money_style="m3",
    )
    rng = p.rng
    long_names = scheme_pool(rng, "Learning Disabilities", 4, long_share=0.6) + scheme_pool(
        rng, "Physical Disabilities", 3, long_share=0.5
    )
    cols = [Col("Proposal", "label", 5.2), *year_cols(2013, 3, group=None, width=2.4)]
    look = Look(
        borders="none",
        unit=Decimal(1_000_000),
        decimals=3,
        neg="()",
        zero="-",
        valign="bottom",
        rag="word",
        repeat_header=False,
    )
    rows = build_rows(
        rng,
        [
            Group("Savings", long_names, rags=False, subtotal="Total savings"),
            Group(
                "Investment",
                scheme_pool(rng, "Investment", 2),
                sign=-1,
                rags=False,
                subtotal="Total investment",
            ),
        ],
        years_values(3, mag_m(3), p_blank=0.1),
        total="Net savings",
    )
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption="Table 2: Adult social care savings proposals (£m)",
        features=list(FEATURES_DEVON),
    )
    net = sum((t.col_total(j, ("total",)) for j in range(3)), Decimal(0))
    p.title(c.name, 15)
    p.title(f"Adult Social Care Budget Review {p.w.fy(2013)}", 13)
    p.para(p_intro(p, net * 1_000_000, 2013, 2015))
    p.text_table(
        [
            (
                "Advice on existing savings plans:",
                f"The savings agreed in {p.w.fy(2012)} have largely been delivered. The main "
                f"exception is the review of learning disability placements, where "
                f"{p.w.gbp(m(rng, 300_000, 900_000, 10_000))} has slipped into {p.w.fy(2013)}. "
                f"Commissioning plans should be refreshed to reflect the new framework contracts.",
            ),
            (
                "Advice on the current approach:",
                "The directorate should continue to focus on prevention and reablement, and make "
                "sure that reviews of care packages are completed before new proposals are "
                "brought forward. Joint work with health on hospital discharge should be "
                "prioritised, as should the development of the care market in rural areas.",
            ),
        ]
    )
    p.para(p_partners(p, m(rng, 6_000_000, 12_000_000)))
    p.para(p_delivery(p, m(rng, 8_000_000, 14_000_000), m(rng, 5_000_000, 7_000_000)))
    p.savings_table(t)
    p.para(p_mental_health(p, m(rng, 200_000, 500_000, 10_000)))
    p.para(p_consult(p))
    p.features += ["portrait"]
    return p


COUNCIL_NEWCASTLE = Council(
    "Newcastle City Council",
    "E08000021",
    "Newcastle City Council",
    [
        "NHS Newcastle Gateshead Clinical Commissioning Group",
        "Newcastle upon Tyne Hospitals NHS Foundation Trust",
        "Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust",
    ],
)


def paper_newcastle() -> Paper:
    c = COUNCIL_NEWCASTLE
    p = Paper("newcastle-asc-budget-proposals-2016-17", c, 2016, 616, fy_sep="-")
    rng = p.rng
    cols = [
        Col("Budget proposal", "label", 9.0),
        Col("Client group", "text", 3.6),
        *year_cols(2016, 3, group=None, sep="-", width=2.4),
        Col("Total\n2016-19", width=2.4, fy=(2016, 2018), measure="saving"),
        Col("RAG", "rag", 1.5),
    ]
    look = Look(borders="horizontal", units_row="£000", rag="shade", repeat_header=False, zero="0")
    groups = []
    for g in (
        "Older People",
        "Learning Disabilities",
        "Mental Health",
        "Physical Disabilities",
        "Commissioning",
        "Workforce",
    ):
        groups.append(Group(None, scheme_pool(rng, g, 8)))
    rows = build_rows(
        rng, groups, years_values(3, mag_k, total=True, p_blank=0.2), total="Total savings"
    )
    for r in rows:
        if r.kind == "data":
            r.texts["Client group"] = group_of(r.label)
    marks = add_notes(rng, rows, ["*", "#"])
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=None,
        features=[
            "landscape",
            "borders only horizontal",
            "units row £000",
            "RAG by cell shading only",
            "long table over pages, header NOT repeated",
            "footnote markers * #",
            "text column between label and figures",
            "years as 2016-17",
        ],
    )
    total = t.col_total(3, ("total",))
    p.title(c.name)
    p.title(f"Budget proposals {p.w.fy(2016)}: Wellbeing, Care and Learning", 13)
    p.heading("Adult social care")
    p.para(p_intro(p, total * 1000, 2016, 2018))
    p.para(p_budget(p, m(rng, 70_000_000, 90_000_000), m(rng, 120_000_000, 150_000_000)))
    p.para(p_partners(p, m(rng, 8_000_000, 16_000_000)))
    p.para(p_mental_health(p, m(rng, 200_000, 700_000, 10_000)))
    p.para(RISK_TEXT + " The rating is shown by the colour of the final column.")
    p.landscape()
    p.heading("Appendix A: Adult social care budget proposals")
    p.para(
        f"The table lists each proposal with the saving expected in each year to "
        f"{p.w.fy(2018)}. Figures are in thousands of pounds."
    )
    t.footnotes = [
        f"{marks[0][0].notes[marks[0][1]]} Assumes the new framework starts in "
        f"{p.w.fy(2017)}; the full-year effect is {p.w.gbp(m(rng, 300_000, 900_000, 10_000))}.",
        f"{marks[1][0].notes[marks[1][1]]} Net of one-off implementation costs of "
        f"{p.w.gbp(m(rng, 50_000, 250_000, 10_000))}.",
    ]
    p.savings_table(t)
    p.portrait()
    p.heading("Next steps")
    p.para(p_consult(p))
    p.features += ["landscape section", "portrait then landscape then portrait"]
    return p


COUNCIL_CARDIFF = Council(
    "Cardiff Council",
    "W06000015",
    "Cardiff Council",
    [
        "Cardiff and Vale University Health Board",
        "Velindre University NHS Trust",
        "Cardiff and Vale University Health Board",
    ],
)


FEATURES_CARDIFF = (
    "rules only (top, under header, above total, bottom)",
    "full pounds in cells (£125,000)",
    "year only in caption",
    "RAG words in 'Risk' column",
)

FEATURES_CARDIFF_2 = (
    "second small table on the same page",
    "no RAG",
)


def paper_cardiff() -> Paper:
    c = COUNCIL_CARDIFF
    p = Paper("cardiff-social-services-savings-2017-18", c, 2017, 917, money_style="million")
    rng = p.rng
    cols = [
        Col("Proposal", "label", 8.5),
        Col("Saving", width=3.0, fy=(2017, 2017), measure="saving", label="Saving"),
        Col("Risk", "rag", 2.0),
    ]
    look = Look(
        borders="rules", unit=Decimal(1), currency=True, rag="word", zero="£0", header_align="right"
    )
    rows = build_rows(
        rng,
        [
            Group(
                None,
                scheme_pool(rng, "Older People", 4)
                + scheme_pool(rng, "Learning Disabilities", 3)
                + scheme_pool(rng, "Income", 2),
            )
        ],
        years_values(1, mag_pounds, p_blank=0.0, p_zero=0.0),
        total="Total savings",
    )
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption=f"Table 1: Social Services savings proposals {p.w.fy(2017)}",
        features=list(FEATURES_CARDIFF),
    )
    cols2 = [
        Col("Proposal", "label", 8.5),
        Col("Saving", width=3.0, fy=(2017, 2017), measure="saving", label="Saving"),
    ]
    rows2 = build_rows(
        rng,
        [Group(None, scheme_pool(rng, "Workforce", 3))],
        years_values(1, mag_pounds, p_blank=0.0, p_zero=0.0),
        total="Total efficiency savings",
    )
    t2 = SavingsTable(
        "efficiencies",
        cols2,
        rows2,
        Look(borders="rules", unit=Decimal(1), currency=True, zero="£0", header_align="right"),
        caption=f"Table 2: Directorate efficiency savings {p.w.fy(2017)}",
        features=list(FEATURES_CARDIFF_2),
    )
    p.key_figures_table(
        [
            ("Net budget 2017/18", m(rng, 150_000_000, 180_000_000), 2017),
            ("Gross budget 2017/18", m(rng, 220_000_000, 260_000_000), 2017),
        ],
        per_row=2,
        lead=None,
        style="million",
    )
    p.title(c.name)
    p.title(f"Social Services budget proposals {p.w.fy(2017)}", 13)
    p.para(
        f"The Council must set a balanced budget for {p.w.fy(2017)}. Social Services "
        f"proposals total {p.w.gbp(t.col_total(0, ('total',)))} together with directorate "
        f"efficiencies of {p.w.gbp(t2.col_total(0, ('total',)))}."
    )
    p.para(
        f"The Regional Partnership Board, which brings together the Council, the Vale of "
        f"Glamorgan Council and {p.w.partner(c.nhs[0])}, oversees the Integrated Care Fund "
        f"of {p.w.gbp(m(rng, 3_000_000, 6_000_000))} for {p.w.fy(2017)}."
    )
    p.para(p_consult(p))
    p.savings_table(t)
    p.savings_table(t2)
    p.features += ["portrait", "two tables on one page", "key-figures table without lead"]
    return p


COUNCIL_ISLINGTON = Council(
    "London Borough of Islington",
    "E09000019",
    "Islington Council",
    [
        "NHS North Central London Clinical Commissioning Group",
        "Whittington Health NHS Trust",
        "Camden and Islington NHS Foundation Trust",
    ],
)


def paper_islington() -> Paper:
    c = COUNCIL_ISLINGTON
    p = Paper("islington-asc-budget-2021-22", c, 2021, 1321, font="Carlito")
    rng = p.rng
    cols = [
        Col("Proposal", "label", 6.4),
        Col("RAG", "rag", 1.3),
        *year_cols(2021, 2, group="£000", width=2.1),
        Col(
            "Full year\neffect", width=2.1, group="£000", measure="saving", label="Full year effect"
        ),
    ]
    look = Look(
        borders="rules",
        neg="()",
        rag="shade",
        fills=dict(RAG_PASTEL),
        zero="-",
        heading_merged=True,
        heading_fill="E7E6E6",
        header_align="right",
    )
    rows = build_rows(
        rng,
        [
            Group(
                "Integrated community services",
                scheme_pool(rng, "Older People", 4),
                sign=-1,
                subtotal="Sub-total",
            ),
            Group(
                "Learning disabilities and mental health",
                scheme_pool(rng, "Learning Disabilities", 3) + scheme_pool(rng, "Mental Health", 2),
                sign=-1,
                subtotal="Sub-total",
            ),
            Group(
                "Commissioning and income",
                scheme_pool(rng, "Commissioning", 3) + scheme_pool(rng, "Income", 2),
                sign=-1,
                subtotal="Sub-total",
            ),
        ],
        years_values(3, mag_k, p_blank=0.15),
        total="Total savings",
    )
    t = SavingsTable(
        "proposals",
        cols,
        rows,
        look,
        caption="Table 2: Adult social care savings",
        features=[
            "rules only",
            "unit in merged group header '£000'",
            "savings printed in brackets (negative)",
            "RAG by pastel shading",
            "group heading rows merged and grey",
            "nil as -",
        ],
    )
    total = -t.col_total(0, ("total",)) - t.col_total(1, ("total",))
    p.title(c.name)
    p.title(f"Budget proposals {p.w.fy(2021)}: Adult Social Care", 13)
    p.para(p_intro(p, total * 1000, 2021, 2022))
    p.para(p_budget(p, m(rng, 90_000_000, 110_000_000), m(rng, 140_000_000, 170_000_000)))
    p.para(
        f"The pandemic continues to affect the care market. Additional costs of "
        f"{p.w.gbp(m(rng, 2_000_000, 5_000_000))} were met from government grants in "
        f"{p.w.fy(2020)}, and the Council is working with {p.w.partner(c.nhs[0])} and "
        f"{p.w.partner(c.nhs[1])} on hospital discharge under the national discharge "
        f"arrangements."
    )
    p.para("Savings are shown in brackets in the table below. " + RISK_TEXT)
    p.savings_table(t)
    p.para(p_consult(p))
    p.features += ["portrait"]
    return p
