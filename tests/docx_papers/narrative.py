"""Paragraphs councils write around their tables, with every amount and year recorded."""

from __future__ import annotations

import random
from decimal import Decimal

from tests.docx_papers.model import Col, Row, SavingsTable, colsum, round_to
from tests.docx_papers.paper import Paper
from tests.docx_papers.vocabulary import describe

# --------------------------------------------------------------------------- narrative kit


def p_intro(p: Paper, total: Decimal, first: int, last: int) -> str:
    w = p.w
    period = w.fy(first) if first == last else w.span(first, last)
    return (
        f"This report sets out the savings proposals for Adult Social Care as part of "
        f"{p.council.short}'s budget for {w.fy(p.year)}. The proposals total "
        f"{w.gbp(total)} over {period} and have been developed to close the gap identified "
        f"in the Medium Term Financial Plan while continuing to meet the Council's duties "
        f"under the Care Act."
        if p.year >= 2015
        else f"This report sets out the savings proposals for Adult Social Care as part of "
        f"{p.council.short}'s budget for {w.fy(p.year)}. The proposals total "
        f"{w.gbp(total)} over {period} and have been developed to close the gap identified "
        f"in the Medium Term Financial Plan while protecting services for those with the "
        f"highest needs."
    )


def p_budget(p: Paper, net: int, gross: int) -> str:
    w = p.w
    return (
        f"The net budget for adult social care in {w.fy(p.year)} is {w.gbp(net)}, with "
        f"gross expenditure of {w.gbp(gross)} once income from client contributions and "
        f"health funding is included. This is the largest single area of the Council's "
        f"spending."
    )


def p_demand(p: Paper, pressure: int, fees: int) -> str:
    w = p.w
    fee_reason = (
        "the National Living Wage on provider fees"
        if p.year >= 2016
        else "inflation on care contracts"
    )
    return (
        f"Demand for care continues to grow. The number of residents aged 85 and over is "
        f"expected to rise by around {p.rng.randrange(12, 30)}% over the next ten years, "
        f"and pressures of {w.gbp(pressure)} have been built into the budget for "
        f"{w.fy(p.year)}, including {w.gbp(fees)} for the effect of {fee_reason}."
    )


def p_partners(p: Paper, funding: int) -> str:
    w = p.w
    nhs = p.council.nhs
    if p.year >= 2015:
        fund = f"supported by {w.gbp(funding)} from the Better Care Fund in {w.fy(p.year)}"
    else:
        fund = (
            f"supported by {w.gbp(funding)} of NHS funding transferred for social care "
            f"in {w.fy(p.year)}"
        )
    return (
        f"Many of the proposals depend on joint work with health partners. The Council is "
        f"working with {w.partner(nhs[0])} and {w.partner(nhs[1])} to reduce delayed "
        f"transfers of care and to develop integrated community teams, {fund}."
    )


def p_delivery(p: Paper, target: int, achieved: int) -> str:
    w = p.w
    return (
        f"Savings of {w.gbp(target)} were agreed for {w.fy(p.year - 1)}. At the end of "
        f"December {w.gbp(achieved)} is forecast to be delivered, leaving a shortfall of "
        f"{w.gbp(target - achieved)} which will be met from one-off underspends within the "
        f"directorate."
    )


def p_consult(p: Paper) -> str:
    w = p.w
    return (
        f"Proposals that change the services people receive will be subject to consultation "
        f"with service users and carers, and {w.partner('Care Quality Commission')} will be "
        f"kept informed of any changes to registered services. An equality impact assessment "
        f"has been completed for each proposal."
    )


def p_mental_health(p: Paper, amount: int) -> str:
    w = p.w
    trust = p.council.nhs[2]
    return (
        f"Mental health social care is delivered under a partnership agreement with "
        f"{w.partner(trust)}. The agreement will be reviewed during {w.fy(p.year)} with the "
        f"aim of reducing the cost of residential placements by {w.gbp(amount)}."
    )


def p_scheme(p: Paper, label: str, pounds: Decimal, year: int) -> str:
    w = p.w
    desc = describe(p.rng, label)
    return f"{label} – {desc} This is expected to save {w.gbp(abs(pounds))} in {w.fy(year)}."


def p_reserve(p: Paper, amount: int) -> str:
    w = p.w
    return (
        f"One-off funding of {w.gbp(amount)} from the social care reserve will be used in "
        f"{w.fy(p.year)} to meet the implementation costs of the transformation programme, "
        f"including project management and double running of services."
    )


def scheme_paragraphs(p: Paper, t: SavingsTable, col: int, n: int) -> list[str]:
    """Manchester-style commentary on a few schemes, quoting their figures from the table."""
    rows = [r for r in t.data_rows() if r.values[col] and abs(t.pounds(r.values[col] or 0)) >= 1000]
    chosen = p.rng.sample(rows, k=min(n, len(rows)))
    fy = t.num_cols[col].fy
    year = fy[0] if fy else p.year
    return [p_scheme(p, r.label, t.pounds(r.values[col] or Decimal(0)), year) for r in chosen]


def m(rng: random.Random, lo: int, hi: int, step: int = 100_000) -> int:
    return round_to(rng, lo, hi, step)


def year_cols(
    first: int,
    n: int,
    *,
    group: str | None,
    head_fmt: str = "{fy}",
    sep: str = "/",
    width: float = 2.0,
    measure: str = "saving",
) -> list[Col]:
    out = []
    for y in range(first, first + n):
        fy = f"{y}{sep}{(y + 1) % 100:02d}"
        out.append(
            Col(head_fmt.format(fy=fy), width=width, group=group, fy=(y, y), measure=measure)
        )
    return out


def retotal(t: SavingsTable) -> None:
    """Recompute subtotal and total rows after data rows were edited."""
    current: list[Row] = []
    every: list[Row] = []
    for r in t.rows:
        if r.kind == "heading":
            current = []
        elif r.kind == "data":
            current.append(r)
            every.append(r)
        elif r.kind == "subtotal":
            r.values = colsum(current)
        else:
            r.values = colsum(every)
