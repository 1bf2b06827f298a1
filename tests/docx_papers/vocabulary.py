"""The words of the papers: scheme names by client group, their descriptions, risks."""

from __future__ import annotations

import random

# --------------------------------------------------------------------------- vocabulary

SCHEMES: dict[str, list[str]] = {
    "Older People": [
        "Reablement service redesign",
        "Extra care housing expansion",
        "Home care framework retender",
        "Reduction in long-term residential placements",
        "Older people's day care review",
        "Meals on wheels service remodel",
        "Intermediate care bed base review",
        "Nursing care fee rate review",
        "Discharge to assess pathway",
        "Double-handed care package reviews",
        "Falls response service",
        "Home from hospital scheme",
    ],
    "Learning Disabilities": [
        "Review of high cost learning disability placements",
        "Supported living reconfiguration",
        "Day opportunities modernisation",
        "Shared Lives expansion",
        "Transitions pathway for young adults",
        "Transforming Care hospital discharges",
        "Learning disability respite review",
        "In-house day centre consolidation",
        "Out of area placements repatriation",
        "Employment and volunteering support",
    ],
    "Mental Health": [
        "Mental health supported accommodation review",
        "Section 117 aftercare joint funding",
        "Recovery and step-down pathway",
        "Mental health residential placements review",
        "Community mental health team integration",
        "Approved Mental Health Professional rota",
        "Crisis house recommissioning",
    ],
    "Physical Disabilities": [
        "Physical disability care package reviews",
        "Sensory impairment service review",
        "Direct payments unspent balance recovery",
        "Community equipment service re-procurement",
        "Telecare and assistive technology roll-out",
        "Minor adaptations framework",
    ],
    "Commissioning": [
        "Voluntary sector grants review",
        "Housing related support contracts",
        "Contract efficiency review",
        "Carers' services recommissioning",
        "Advocacy services retender",
        "Electronic call monitoring for home care",
        "Block contract reduction",
        "Information and advice services",
    ],
    "Income": [
        "Charging policy review",
        "Disability related expenditure assessment",
        "Telecare charges",
        "Deferred payment agreements",
        "Debt recovery improvement",
        "Continuing Healthcare eligibility reviews",
        "Client contributions uplift",
    ],
    "Workforce": [
        "Assessment and care management restructure",
        "Management and back office savings",
        "Brokerage team efficiencies",
        "Agency staff reduction",
        "Safeguarding team restructure",
        "Occupational therapy service review",
        "Business support consolidation",
        "Vacancy management",
    ],
    "Investment": [
        "Investment in reablement capacity",
        "Assistive technology implementation costs",
        "Extra care scheme set-up costs",
        "Transformation programme team",
        "Care market sustainability",
        "Digital front door development",
    ],
}

LONG_TAILS = [
    "- phased over two financial years",
    "subject to the outcome of public consultation",
    "(full year effect of decisions taken last year)",
    "delivered jointly with health partners",
    "following the review completed last year",
]

DESCRIPTIONS: dict[str, list[str]] = {
    "Older People": [
        "Expand short-term support after a hospital stay so that fewer people need long-term care.",
        "Re-tender home care with fewer, larger providers working in geographic zones, "
        "reducing travel time and unit cost.",
        "Offer extra care housing as an alternative to a residential placement where this "
        "meets the person's needs.",
    ],
    "Learning Disabilities": [
        "Review every package over the usual cost ceiling to make sure support meets assessed "
        "need and draws on family and community networks.",
        "Move people from residential care into supported living where this gives them more "
        "independence.",
        "Replace traditional day centre places with community based activities and personal "
        "budgets.",
    ],
    "Mental Health": [
        "Support people to step down from residential care into their own tenancies with "
        "floating support.",
        "Seek joint funding from health for people with complex needs who are eligible for "
        "NHS support.",
    ],
    "Physical Disabilities": [
        "Increase the use of telecare and equipment to delay the need for home care.",
        "Recover unspent direct payment balances and review the level of support provided.",
    ],
    "Commissioning": [
        "Recommission contracts on an outcomes basis with a smaller number of providers.",
        "Reduce grant funding to voluntary organisations where services overlap.",
    ],
    "Income": [
        "Apply the charging policy consistently and review financial assessments annually.",
        "Make sure health funding is claimed for everyone who is eligible for NHS Continuing "
        "Healthcare.",
    ],
    "Workforce": [
        "Bring together assessment teams and reduce management layers, with a reduction in "
        "posts managed through vacancies.",
        "Reduce reliance on agency staff through a recruitment and retention plan.",
    ],
    "Investment": [
        "One-off and recurrent costs needed to deliver the savings programme.",
    ],
}


def group_of(label: str) -> str:
    """The service group a scheme name (perhaps with a long tail) was drawn from."""
    for group, names in SCHEMES.items():
        if any(label.startswith(n) for n in names):
            return group
    raise KeyError(label)


def describe(rng: random.Random, label: str) -> str:
    return rng.choice(DESCRIPTIONS[group_of(label)])


RISK_TEXT = (
    "Each proposal has been given a RAG rating to show confidence in delivery: Green where "
    "the saving is on track, Amber where there are risks that are being managed, and Red "
    "where the saving is unlikely to be delivered in full without further action."
)


def scheme_pool(rng: random.Random, group: str, n: int, long_share: float = 0.0) -> list[str]:
    """N distinct scheme names from a service group, some made long so they wrap."""
    names = rng.sample(SCHEMES[group], k=min(n, len(SCHEMES[group])))
    out = []
    for name in names:
        if rng.random() < long_share:
            name = f"{name} {rng.choice(LONG_TAILS)}"
        out.append(name)
    return out
