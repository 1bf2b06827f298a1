"""Words a council finance officer would print: authorities, schemes, headers, prose.

Kept apart from the layout code so the suite reads like real adult social care
papers without copying any one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

# Ten real authorities with their GSS codes (ONS Register of Geographic Codes).
AUTHORITIES: tuple[tuple[str, str, str], ...] = (
    ("Leeds City Council", "E08000035", "leeds"),
    ("Birmingham City Council", "E08000025", "birmingham"),
    ("Bristol City Council", "E06000023", "bristol"),
    ("Kent County Council", "E10000016", "kent"),
    ("Surrey County Council", "E10000030", "surrey"),
    ("Norfolk County Council", "E10000020", "norfolk"),
    ("London Borough of Camden", "E09000007", "camden"),
    ("London Borough of Lambeth", "E09000022", "lambeth"),
    ("Sheffield City Council", "E08000019", "sheffield"),
    ("Cornwall Council", "E06000052", "cornwall"),
)

MEETINGS: tuple[str, ...] = (
    "Executive Board",
    "Cabinet",
    "Adults and Health Scrutiny Committee",
    "Health and Wellbeing Board",
    "Overview and Scrutiny Panel",
    "Budget Council",
)

MONTHS: tuple[str, ...] = ("January", "February", "March", "June", "September", "November")

# Scheme names by service section. Short names; LONG_DETAILS make wrapped labels.
SECTIONS: dict[str, tuple[str, ...]] = {
    "Older People": (
        "Reablement expansion",
        "Homecare recommissioning",
        "Extra Care housing",
        "Residential care placement review",
        "Intermediate care bed reconfiguration",
        "Discharge to assess pathway",
        "Review of double-handed homecare packages",
        "Day opportunities for older people",
        "Falls prevention service",
        "Care home fee rate review",
        "Night-sitting service redesign",
    ),
    "Learning Disabilities": (
        "Learning Disability day services review",
        "Supported living framework retender",
        "High-cost placement review",
        "Transitions pathway for young adults",
        "Shared Lives expansion",
        "Move-on from residential care to supported living",
        "Employment support programme",
        "Respite care recommissioning",
        "Learning Disability short breaks review",
        "Progression model for supported living",
    ),
    "Mental Health": (
        "Mental Health supported accommodation",
        "Section 117 aftercare joint funding review",
        "Community recovery service redesign",
        "Step-down from out-of-area placements",
        "Crisis house recommissioning",
        "Mental Health day services modernisation",
        "Residential rehabilitation review",
        "Approved Mental Health Professional rota review",
    ),
    "Physical Disability and Sensory Impairment": (
        "Direct payments audit and recovery",
        "Community equipment service retender",
        "Sensory impairment service review",
        "Assistive technology offer",
        "Telecare charging review",
        "Minor adaptations in-house delivery",
        "Blue Badge administration review",
        "Deaf services contract consolidation",
    ),
    "Commissioning and Contracts": (
        "Contract efficiencies",
        "Voluntary sector grants review",
        "Carers support recommissioning",
        "Housing-related support decommissioning",
        "Advocacy services retender",
        "Meals at home service review",
        "Transport for day services retender",
        "Domestic abuse support alignment",
        "Brokerage team restructure",
    ),
    "Income and Charging": (
        "Fairer charging policy review",
        "Deferred payment agreements income",
        "Continuing Healthcare income recovery",
        "Client contributions uplift",
        "Better Care Fund protection of social care",
        "Debt recovery improvement",
        "Appointee and deputyship charging",
        "Self-funder arrangement fee",
    ),
    "Workforce and Operating Model": (
        "Management restructure",
        "Vacancy management",
        "Reduction in agency staffing",
        "Business support review",
        "Strengths-based practice roll-out",
        "Digital case recording efficiencies",
        "Locality team consolidation",
        "Review of training budget",
    ),
}

LONG_DETAILS: tuple[str, ...] = (
    "reduce long-term homecare hours through short-term support",
    "phased implementation over two financial years",
    "subject to the outcome of public consultation",
    "including a review of eligibility and package sizes",
    "delivered jointly with health partners",
    "new framework contract from October",
    "full-year effect of decisions taken last year",
    "and consolidation of in-house provision",
)

INVESTMENT_ROWS: tuple[str, ...] = (
    "Reablement workforce investment",
    "Assistive technology contract costs",
    "Extra Care scheme running costs",
    "Programme management and implementation",
    "Care market sustainability uplift",
    "Shared Lives carer recruitment",
    "Digital front door development",
)

GROSS_SECTIONS: tuple[str, ...] = ("Gross savings", "Savings schemes", "Savings proposals")
INVESTMENT_SECTIONS: tuple[str, ...] = (
    "Investment required",
    "Less: implementation costs",
    "Investment and one-off costs",
)
NET_LABELS: tuple[str, ...] = ("Net savings", "Total net savings", "Net saving to the Council")
SUBTOTAL_LABELS: tuple[str, ...] = (
    "Sub-total",
    "Subtotal",
    "Sub-total {section}",
    "Total {section}",
)
TOTAL_LABELS: tuple[str, ...] = (
    "Total",
    "Total savings",
    "Grand total",
    "Total Adult Social Care",
    "Total savings programme",
)

LABEL_HEADERS: tuple[str, ...] = (
    "Scheme",
    "Savings proposal",
    "Service area / scheme",
    "Description",
    "Proposal",
    "Savings scheme",
)
REF_HEADERS: tuple[str, ...] = ("Ref", "Ref.", "ID")
REF_PREFIXES: tuple[str, ...] = ("ASC", "AH", "SAV", "ACS")
RAG_HEADERS: tuple[str, ...] = ("RAG", "RAG rating", "Status", "Delivery RAG", "RAG status")
COMMENT_HEADERS: tuple[str, ...] = ("Comments", "Commentary", "Progress update")
COMMENTS: tuple[str, ...] = (
    "On track",
    "Savings achieved in full",
    "Delayed: procurement timetable slipped to {next}",
    "At risk; mitigation plan agreed with Director",
    "Consultation closes in March",
    "Partly achieved; remainder expected in Q3",
    "Business case to Cabinet in {month}",
    "Dependent on health partner agreement",
)

CAPTION_TITLES: tuple[str, ...] = (
    "Proposed savings",
    "Savings tracker",
    "Adult Social Care savings programme",
    "Savings delivery position",
    "Efficiency savings",
    "Budget savings proposals",
    "Savings monitoring",
)

PARTNERS: tuple[str, ...] = (
    "Clinical Commissioning Group",
    "Integrated Care Board",
    "Care Quality Commission",
    "Healthwatch",
)

FOOTNOTE_TEXTS: tuple[str, ...] = (
    "Saving is one-off and will reverse in the following year.",
    "Subject to the outcome of consultation.",
    "Includes the full-year effect of decisions taken in the previous year.",
    "Figure restated following the month 6 review.",
    "Shared with the health partner under the section 75 agreement.",
)

RAG_KEY: str = (
    "RAG key: Red = saving at risk; Amber = some risk to delivery; Green = on track; "
    "Blue = delivered."
)


@dataclass(frozen=True, slots=True)
class ColumnTemplate:
    """A value column: header title lines, what it measures, and how its years read.

    ``years`` holds offsets from the paper's budget year: (0, 0) is that fiscal
    year, (0, 2) a three-year range; None means the header names no year.
    ``caption_year`` says whether a yearless header takes the caption's year
    (a careful reader does this for "Target" but not for "Variance").
    """

    title: str
    measure: str
    years: tuple[int, int] | None
    caption_year: bool
    role: str  # how values are made: base, part, near, diff, scaled, indep, sum


# Table templates: a tuple of value columns. Offsets are relative to the paper's year.
TEMPLATES: dict[str, tuple[ColumnTemplate, ...]] = {
    "monitoring": (
        ColumnTemplate("Target", "target", None, True, "base"),
        ColumnTemplate("Achieved to date", "achieved", None, True, "part"),
        ColumnTemplate("Forecast outturn", "forecast", None, True, "near"),
        ColumnTemplate("Variance", "variance", None, False, "diff:2-0"),
    ),
    "approvals": (
        ColumnTemplate("Approved Savings {fy0}", "approved", (0, 0), False, "base"),
        ColumnTemplate("Achieved to date", "achieved", None, True, "part"),
        ColumnTemplate("Forecast {fy0}", "forecast", (0, 0), False, "near"),
        ColumnTemplate("Variance", "variance", None, False, "diff:2-0"),
    ),
    "multi_year": (
        ColumnTemplate("Saving {fy0}", "saving", (0, 0), False, "base"),
        ColumnTemplate("Saving {fy1}", "saving", (1, 1), False, "indep"),
        ColumnTemplate("Saving {fy2}", "saving", (2, 2), False, "indep"),
        ColumnTemplate("Total {fy0} to {fy2}", "saving", (0, 2), False, "sum:0,1,2"),
    ),
    "budget": (
        ColumnTemplate("Budget {fym1}", "budget", (-1, -1), False, "scaled"),
        ColumnTemplate("Approved Savings {fy0}", "approved", (0, 0), False, "base"),
        ColumnTemplate("Revised Savings {fy0}", "revised", (0, 0), False, "near"),
        ColumnTemplate("Change", "change", None, False, "diff:2-1"),
    ),
    "tracker": (
        ColumnTemplate("Target", "target", None, True, "base"),
        ColumnTemplate("Forecast", "forecast", None, True, "near"),
        ColumnTemplate("Shortfall", "shortfall", None, True, "diff:0-1"),
        ColumnTemplate("Forecast {fy1}", "forecast", (1, 1), False, "indep"),
    ),
    "landscape_wide": (
        ColumnTemplate("Budget {fym1}", "budget", (-1, -1), False, "scaled"),
        ColumnTemplate("Approved Savings {fy0}", "approved", (0, 0), False, "base"),
        ColumnTemplate("Achieved to date", "achieved", None, True, "part"),
        ColumnTemplate("Forecast {fy0}", "forecast", (0, 0), False, "near"),
        ColumnTemplate("Variance", "variance", None, False, "diff:3-1"),
        ColumnTemplate("Saving {fy1}", "saving", (1, 1), False, "indep"),
        ColumnTemplate("Saving {fy2}", "saving", (2, 2), False, "indep"),
    ),
    "compact": (
        ColumnTemplate("Saving {fy0}", "saving", (0, 0), False, "base"),
        ColumnTemplate("Saving {fy1}", "saving", (1, 1), False, "indep"),
    ),
}

# Merged headers: a group cell spanning several columns, joined above each sub-header.
MERGED_TEMPLATES: dict[str, tuple[str, tuple[ColumnTemplate, ...]]] = {
    "years_under_savings": (
        "Savings",
        (
            ColumnTemplate("{fy0}", "saving", (0, 0), False, "base"),
            ColumnTemplate("{fy1}", "saving", (1, 1), False, "indep"),
            ColumnTemplate("{fy2}", "saving", (2, 2), False, "indep"),
        ),
    ),
    "measures_under_year": (
        "{fy0}",
        (
            ColumnTemplate("Budget", "budget", (0, 0), False, "scaled"),
            ColumnTemplate("Forecast", "forecast", (0, 0), False, "near_scaled"),
            ColumnTemplate("Variance", "variance", (0, 0), False, "diff:1-0"),
        ),
    ),
}

# Prose: each template takes money and year slots; build.py fills and records them.
PROSE: tuple[str, ...] = (
    "The Council approved net savings of {m0} for {fy0} as part of the {range} "
    "budget strategy agreed in {month} {cal}.",
    "Savings of {m0} were delivered in {fym1}, leaving {m1} still to be found in {fy0}.",
    "The directorate is forecasting a pressure of {m0} on residential and nursing "
    "placements, partly offset by one-off grant of {m1}.",
    "Following the joint review with the {partner}, a contribution of {m0} has been "
    "agreed from the Better Care Fund for {fy0}.",
    "Demand for homecare has grown by around 6% a year since {fym1}, adding {m0} to the "
    "cost of care packages.",
    "The {partner} inspection noted improvements; the remaining programme of {m0} is "
    "expected to complete by the end of {fy1}.",
    "A further {m0} of savings is proposed for {fy1}, subject to consultation with "
    "service users and carers.",
    "Officers will report progress against the savings programme to the {meeting} "
    "each quarter during {fy0}.",
)

HEADINGS: tuple[str, ...] = (
    "1. Purpose of the report",
    "2. Background",
    "3. Main issues",
    "4. Financial position",
    "5. Recommendations",
)
