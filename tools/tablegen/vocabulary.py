"""What the generator draws from: the layout factors and their levels, and the words councils use.

Plain data, kept apart from the code that draws from it so the plan and the renderers read as
code. Changing a list here changes every generated paper of a seed.
"""

from __future__ import annotations

from typing import Any

FACTORS: dict[str, list[Any]] = {
    "producer": ["xlsx", "docx", "html"],
    "text_cols": [1, 2, 3],
    "label_pos": ["first", "after_ref", "after_category", "between_blocks"],
    "header_depth": [1, 2, 3, 4],
    "spanning_year": [False, True],
    "unit_where": ["cell", "header", "units_row", "caption", "sentence", "report"],
    "years_where": ["column", "spanning", "caption", "undated"],
    "rules": ["grid", "horizontal", "none"],
    "rag": ["none", "word", "letter", "colour"],
    "negatives": ["minus", "brackets", "unicode_minus"],
    "nil": ["en_dash", "hyphen"],
    "totals": ["none", "total", "subtotals"],
    "long": [False, True],
}
# Factors dealt from decks (the rest follow from them).
DEALT = [k for k in FACTORS if k not in ("producer", "spanning_year")]
UNIT_WHERE_NAMES = {
    "cell": "cell",
    "header": "header cell",
    "units_row": "units row",
    "caption": "caption",
    "sentence": "page text",
    "report": "report",
}

# --------------------------------------------------------------------------- vocabulary

DIRECTORATES: dict[str, tuple[str, list[str]]] = {
    "Adult Social Care": (
        "ASC",
        [
            "Older people residential care",
            "Home care",
            "Learning disability services",
            "Mental health services",
            "Physical disability support",
            "Reablement",
            "Day opportunities",
            "Supported living",
            "Direct payments",
            "Carers support",
            "Extra care housing",
            "Safeguarding adults",
            "Community equipment",
            "Assistive technology",
            "Shared Lives scheme",
            "Nursing care placements",
        ],
    ),
    "Children's Services": (
        "CS",
        [
            "Looked after children placements",
            "Fostering service",
            "Adoption service",
            "Children's centres",
            "Youth service",
            "Early help",
            "Care leavers support",
            "Residential children's homes",
            "Educational psychology",
            "School improvement",
            "Home to school transport",
            "Children with disabilities",
            "Special educational needs",
            "Family support workers",
        ],
    ),
    "Place and Environment": (
        "PE",
        [
            "Highways maintenance",
            "Street lighting",
            "Winter gritting",
            "Waste collection",
            "Waste disposal",
            "Household recycling centres",
            "Street cleansing",
            "Parks and open spaces",
            "Grounds maintenance",
            "Car parking",
            "Development control",
            "Building control",
            "Bus service support",
            "Concessionary fares",
            "Flood risk management",
            "Bereavement services",
            "Trading standards",
            "Environmental health",
            "Pest control",
        ],
    ),
    "Communities": (
        "COM",
        [
            "Libraries",
            "Leisure centres",
            "Museums and heritage",
            "Arts development",
            "Community safety",
            "Housing options",
            "Homelessness prevention",
            "Temporary accommodation",
            "Community hubs",
            "Registrars",
            "Sports development",
            "Tourism and events",
            "Voluntary sector grants",
        ],
    ),
    "Resources": (
        "RES",
        [
            "Finance",
            "Human resources",
            "ICT services",
            "Legal services",
            "Democratic services",
            "Procurement",
            "Revenues and benefits",
            "Customer services",
            "Internal audit",
            "Facilities management",
            "Corporate property",
            "Communications",
            "Elections",
            "Insurance",
            "Treasury management",
            "Council tax collection",
        ],
    ),
    "Public Health": (
        "PH",
        [
            "Sexual health services",
            "Substance misuse services",
            "Health visiting",
            "School nursing",
            "Stop smoking service",
            "NHS health checks",
            "Weight management",
            "Public health intelligence",
        ],
    ),
}
SCHEME_TEMPLATES = [
    "{b} - service redesign",
    "{b} efficiency review",
    "{b}: income generation",
    "{b} contract retender",
    "{b} staffing restructure",
    "{b} - demand management",
    "{b} digital transformation",
    "Review of {l}",
    "Reduction in {l} costs",
    "Remodel {l}",
]
LEADS = [
    "Director of Adult Services",
    "Director of Children's Services",
    "Head of Highways",
    "Head of Waste",
    "Head of Finance",
    "Head of Commissioning",
    "Assistant Director Communities",
    "Head of Property",
    "Director of Public Health",
    "Head of ICT",
    "J. Okafor",
    "S. Patel",
    "M. Hughes",
    "R. Williams",
    "K. Nowak",
]
GROUP_LINES = [
    "Medium Term Financial Plan",
    "Revenue Budget",
    "Proposed Savings",
    "Budget Proposals",
    "Net Expenditure",
    "Financial Impact",
    "Cash Limit",
]
# Measure sets: names and how each is made (base, near base, small +/-, difference, sum).
MEASURE_SETS: list[list[tuple[str, str]]] = [
    [("Budget", "base"), ("Forecast Outturn", "near"), ("Variance", "diff")],
    [("Budget", "base"), ("Actual", "near"), ("Variance", "diff")],
    [("Gross Expenditure", "base"), ("Income", "income"), ("Net Expenditure", "sum")],
    [
        ("Original Budget", "base"),
        ("Growth", "plus"),
        ("Savings", "minus"),
        ("Revised Budget", "sum"),
    ],
    [("Base Budget", "base"), ("Pressures", "plus"), ("Proposed Budget", "sum")],
    [("Approved Budget", "base"), ("Proposed Budget", "near")],
]
YEAR_MEASURES = ["Savings", "Budget", "Net Budget", "Saving", "Cash Limit", "Estimate"]
CAPTIONS = [
    "Revenue budget by service",
    "Savings proposals",
    "Budget monitoring by service area",
    "Summary of budget changes",
    "Medium term financial plan",
    "Net revenue budget",
    "Efficiency and savings programme",
    "Directorate budget summary",
]
TITLES = [
    "Revenue Budget and Medium Term Financial Strategy",
    "Budget Monitoring Report",
    "Savings Proposals",
    "Revenue Budget Setting Report",
    "Financial Plan Appendices",
]
UNITS: dict[str, list[str]] = {
    "1000": ["£000", "£000s", "£'000", "£k"],
    "1000000": ["£m", "£ million", "£M"],
    "1": ["£"],
}
SENTENCES = {
    "1000": ["All figures are shown in £000s.", "Figures in the table below are in £'000."],
    "1000000": ["All figures are shown in £ millions.", "Figures below are in £m."],
    "1": ["All figures are shown in pounds (£)."],
}
# unit_where=report: the unit stated once, in the paper's opening text, not at any table.
REPORT_UNIT_NOTES = [
    "All figures in this report are in {u} unless otherwise stated.",
    "Unless otherwise stated, figures in this report are shown in {u}.",
    "Figures throughout this report are {u}.",
    "All values in this report are expressed in {u}.",
]
# years_where=undated: columns beside the years that state none (a capital programme's).
UNDATED_BEFORE = ["Prior Years", "Previous Years", "Spend to Date"]
UNDATED_AFTER = ["Later Years", "Future Years", "Beyond"]
UNDATED_TOTAL = ["Total Cost", "Total Scheme Cost", "Total"]
RAG_WORDS = ["Red", "Amber", "Green"]
RAG_FILL = {"Red": "FF0000", "Amber": "FFC000", "Green": "00B050"}
HEADER_FILLS = [None, "D9D9D9", "1F4E78", "DDEBF7", "44546A"]
DARK = {"1F4E78", "44546A"}
