"""Shapes first seen in real papers of councils other than Kent (tests/real_other:
Royal Sutton Coldfield Town Council, Tintern and Manordeilo and Salem community
councils), read wrong on first sight. Each test builds its own small PDF (reportlab).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph

from pipeline.extract import extract_file
from pipeline.models import Extraction, Figure
from pipeline.tables.cellvalue import named_sum
from tests.conftest import para, table

Maker = Callable[..., Path]


def _cells(ex: Extraction) -> dict[tuple[str, str], Figure]:
    return {(f.row_label, f.column_label): f for f in ex.figures}


def test_accounts_columns_named_by_their_year_end_are_fiscal_years(make_pdf: Maker) -> None:
    """Statements of accounts head their columns by the year the accounts year ends in:
    under "for the year ended 31 March 2018", "2018" is 2017-18 and the comparative
    "2017" is 2016-17 (the Sutton Coldfield budget comparison: no period on first sight)."""
    rows = [
        ["", "2017", "2018", "2018"],
        ["", "£", "£", "£"],
        ["", "Budget", "Net Expenditure", "Budget"],
        ["Economic Development", "(145,000)", "(4,022)", "(132,000)"],
        ["Town in Bloom", "(20,000)", "(28,700)", "(75,000)"],
    ]
    pdf = make_pdf(
        "accounts.pdf",
        [
            para("Budget Comparison for the year ended 31 March 2018", "Heading2"),
            table(rows, grid=False, widths=[160.0, 100.0, 100.0, 100.0]),
        ],
    )
    cells = _cells(extract_file(pdf))
    town = {col: f for (label, col), f in cells.items() if label == "Town in Bloom"}
    assert len(town) == 3, cells.keys()
    got = {col: (f.first_fy, f.last_fy, f.amount_gbp) for col, f in town.items()}
    assert got == {
        "2017 Budget": (2016, 2016, Decimal("-20000")),
        "2018 Net Expenditure": (2017, 2017, Decimal("-28700")),
        "2018 Budget": (2017, 2017, Decimal("-75000")),
    }, got


def test_a_bare_year_without_a_stated_year_end_stays_undated(make_pdf: Maker) -> None:
    """Without a 31 March year end stated anywhere, "2018" alone may be a calendar year:
    no fiscal year is guessed for it."""
    rows = [
        ["", "2017 £", "2018 £"],
        ["Economic Development", "145,000", "132,000"],
        ["Town in Bloom", "20,000", "75,000"],
    ]
    pdf = make_pdf(
        "calendar.pdf",
        [para("Grants paid by calendar year", "Heading2"), table(rows, grid=False)],
    )
    figs = [f for f in extract_file(pdf).figures if f.row_label == "Town in Bloom"]
    assert [f.amount_gbp for f in figs] == [Decimal("20000"), Decimal("75000")]
    assert all(f.first_fy is None for f in figs), [(f.column_label, f.first_fy) for f in figs]


def test_a_frame_round_a_table_parts_no_columns(make_pdf: Maker) -> None:
    """A box drawn round a whole table (its only rules) is no grid: the labels and the
    figures inside it are two columns (Sutton Coldfield's members' allowances: every
    label was read into the figures' column and lost)."""
    rows = [
        ["Councillor", "£"],
        ["Cllr D Allan", "715"],
        ["Cllr L Allen", "715"],
        ["Cllr D Pears", "6,215"],
        ["Cllr J Perks", "715"],
    ]
    boxed = table(
        rows, grid=False, widths=[200.0, 80.0], extra=[("BOX", (0, 0), (-1, -1), 0.8, "black")]
    )
    pdf = make_pdf("boxed.pdf", [para("Members Allowances Claimed in 2017/18", "Heading2"), boxed])
    got = {f.row_label: f.amount_gbp for f in extract_file(pdf).figures}
    assert got == {
        "Cllr D Allan": Decimal("715"),
        "Cllr L Allen": Decimal("715"),
        "Cllr D Pears": Decimal("6215"),
        "Cllr J Perks": Decimal("715"),
    }, got


def test_a_sentence_ending_in_a_colon_leads_into_the_list_below(make_pdf: Maker) -> None:
    """Minutes list the payments agreed under "The following payments were agreed:"; that
    sentence introduces the list and is no part of the first payment's label."""
    rows = [
        ["i) Wales Audit Office, External Audit, Chq No 1303", "£161.25"],
        ["ii) Syrfewr JED Cyf, Translation Services, Chq No 1304", "283.25"],
        ["iii) One Voice Wales Membership 2019-2020, Chq No 1305", "236.00"],
    ]
    story = [
        para("11. ACCOUNTS FOR PAYMENT", "Heading3"),
        para("The following payments were agreed:"),
        table(rows, grid=False, widths=[380.0, 80.0]),
    ]
    got = [f.row_label for f in extract_file(make_pdf("minutes.pdf", story)).figures]
    assert got == [r[0] for r in rows], got


def test_an_asset_register_is_labelled_by_its_item_and_counts_no_quantity(
    make_pdf: Maker,
) -> None:
    """An asset register lists the same item at several places: the column headed "Item"
    names each row though its values repeat, "Location" tells them apart as an attribute,
    and "Qty" counts things, it is no money (Tintern's register, first sight: every row
    named by its location, and a row of no amount per quantity)."""
    rows = [
        ["Item", "Location", "Qty", "Unit Value", "Total Value"],
        ["Benches", "Abbey Roundabout", "1", "£350.00", "£350.00"],
        ["Benches", "Front of Hall (small)", "2", "£300.00", "£600.00"],
        ["Benches", "Play Area - small", "3", "£250.00", "£750.00"],
        ["Planters", "Chapel Hill", "1", "£383.00", "£383.00"],
        ["Planters", "By landslide", "1", "£410.00", "£410.00"],
    ]
    pdf = make_pdf("assets.pdf", [table(rows, widths=[130.0, 140.0, 40.0, 80.0, 80.0])])
    figs = extract_file(pdf).figures
    assert {f.column_label for f in figs} == {"Unit Value", "Total Value"}, figs
    got = [(f.row_label, f.attributes.get("Location"), f.amount_gbp) for f in figs]
    assert ("Benches", "Front of Hall (small)", Decimal("600.00")) in got, got
    assert [g[0] for g in got].count("Benches") == 6, got


def test_rules_under_the_totals_of_some_columns_make_no_table_of_their_own(
    make_pdf: Maker,
) -> None:
    """An account rules off each total under its figure columns only (a rule above, a
    double rule below), not under the labels: those rules are no table of their own.
    On first sight they made one of the columns they ruled, without labels, beside the
    whole table: every figure there twice, once unlabelled (Sutton Coldfield, page 5)."""
    rows = [
        ["2017 £", "", "2018 £ Gross", "2018 £ Income", "2018 £ Net"],
        ["(3,000)", "Economic Development", "(4,022)", "-", "(4,022)"],
        ["-", "Cultural and Heritage", "(163,521)", "68,635", "(94,886)"],
        ["(67)", "Environmental Services", "(10,598)", "-", "(10,598)"],
        ["(3,067)", "", "(178,141)", "68,635", "(109,506)"],
        ["1,823,850", "Annual Precept", "", "", "1,832,982"],
        ["1,820,783", "Net Surplus for the year", "", "", "1,723,476"],
    ]
    rules = [
        ("LINEABOVE", (2, 4), (4, 4), 0.5, "black"),
        ("LINEBELOW", (2, 4), (4, 4), 0.5, "black"),
        ("LINEABOVE", (4, 6), (4, 6), 0.5, "black"),
        ("LINEBELOW", (4, 6), (4, 6), 1.5, "black"),
        ("LINEABOVE", (0, 4), (0, 4), 0.5, "black"),
        ("LINEBELOW", (0, 6), (0, 6), 1.5, "black"),
    ]
    pdf = make_pdf(
        "account.pdf",
        [
            para("Income and Expenditure Account for the year ended 31 March 2018", "Heading2"),
            table(rows, grid=False, widths=[70.0, 150.0, 80.0, 80.0, 80.0], extra=rules),
        ],
    )
    figs = extract_file(pdf).figures
    cultural = sorted(f.amount_gbp for f in figs if f.row_label == "Cultural and Heritage")
    assert cultural == [Decimal(v) for v in ("-163521", "-94886", "0", "68635")], cultural
    unlabelled = sorted(f.amount_gbp for f in figs if f.row_label == "")
    assert unlabelled == [Decimal(v) for v in ("-178141", "-109506", "-3067", "68635")], unlabelled


def test_a_figure_printed_with_a_gap_after_its_first_digit_is_one_figure() -> None:
    """Sutton Coldfield's accounts (Excel converted by a web tool) print a gap after the
    first digit of some figures: "5 2,602" is 52,602 and "3 04,483" is 304,483. On first
    sight those lines were read as text, and the balance sheet's first row as its header.
    Two digits before the gap, or no thousands group after it, read as no figure."""
    from pipeline.normalise import parse_amount

    def value(text: str) -> Decimal | None:
        got = parse_amount(text)
        return None if got is None else got.value

    assert value("5 2,602") == Decimal("52602")
    assert value("3 04,483") == Decimal("304483")
    assert value("(8 27,769)") == Decimal("-827769")
    assert value("2 ,291,650") == Decimal("2291650")
    assert value("5 2") is None
    assert value("12 3,456") is None
    assert value("5 2,60") is None


def test_a_bold_heading_under_an_unlabelled_total_names_no_figure(make_pdf: Maker) -> None:
    """A balance sheet totals its current assets on a line with no label, and sets the
    bold heading "Current Liabilities" close under it: the heading opens the next
    section; it named the total on first sight (Sutton Coldfield, page 7)."""
    rows = [
        ["2017 £", "", "2018 £"],
        ["60,473", "Debtors and Prepayments", "52,602"],
        ["1,354,007", "Cash at Bank and In-hand", "2,291,650"],
        ["", "", ""],
        ["1,414,480", "", "2,344,252"],
        ["", "Current Liabilities", ""],
        ["105,354", "Creditors and accrued expenses", "304,483"],
        ["", "", ""],
        ["1,309,126", "Net Current Assets", "2,039,769"],
    ]
    bold = [("FONT", (1, 5), (1, 5), "Helvetica-Bold", 9)]
    pdf = make_pdf(
        "balance.pdf",
        [
            para("Balance Sheet as at 31 March 2018", "Heading2"),
            table(rows, grid=False, widths=[70.0, 180.0, 80.0], extra=bold),
        ],
    )
    figs = extract_file(pdf).figures
    total = sorted(f.amount_gbp for f in figs if f.printed in {"1,414,480", "2,344,252"})
    assert total == [Decimal("1414480"), Decimal("2344252")], figs
    assert {f.row_label for f in figs if f.printed in {"1,414,480", "2,344,252"}} == {""}
    creditors = [f for f in figs if f.printed == "105,354"]
    assert [(f.row_label, f.section) for f in creditors] == [
        ("Creditors and accrued expenses", "Current Liabilities")
    ], creditors


def test_a_total_set_against_its_figure_with_an_equals_sign_is_read(make_pdf: Maker) -> None:
    """Minutes print the total of the payments agreed as one run, "TOTAL = £6,162.98",
    right-aligned under the amounts: the equals sign parts the label from its figure
    (Manordeilo and Salem, 13 March 2019: the total was lost on first sight)."""
    rows = [
        ["i) C.C.C. Footway Lighting, April 2018-March 2019, Chq No 1302", "£4,237.48"],
        ["ii) Wales Audit Office, External Audit, Chq No 1303", "161.25"],
        ["iii) Syrfewr JED Cyf, Translation Services, Chq No 1304", "283.25"],
        ["", "TOTAL = £4,681.98"],
    ]
    pdf = make_pdf("payments.pdf", [table(rows, grid=False, widths=[330.0, 130.0])])
    got = {f.amount_gbp: f.row_label for f in extract_file(pdf).figures}
    assert got.get(Decimal("4681.98"), "").rstrip(" =") == "TOTAL", got


def test_a_community_councils_minutes_are_its_own_not_a_councils_they_name(
    make_pdf: Maker,
) -> None:
    """A community council's minutes name the county council that bills it and the
    village "Reading Room" they met in. On first sight they were attributed to Reading
    Borough Council (every figure under its GSS code); the paper's heading names its
    author, which has no GSS code in our table: stored as printed, with none."""
    story = [
        para("MANORDEILO & SALEM COMMUNITY COUNCIL", "Title"),
        para("MEETING 13th MARCH 2019", "Heading2"),
        para(
            "Manordeilo and Salem Community Council held their meeting at 7.30pm on the "
            "13th March 2019 at the Reading Room, Cwmifor. Carmarthenshire County Council "
            "(C.C.C.) Invoice for Footway Lighting for the period April 2018-March 2019, "
            "Clerk to arrange payment. Carmarthenshire County Council footway lighting "
            "charges for 2019/20 were noted."
        ),
    ]
    doc = extract_file(make_pdf("minutes.pdf", story)).document
    assert (doc.authority, doc.authority_code) == ("MANORDEILO & SALEM COMMUNITY COUNCIL", None)


def test_a_place_naming_a_building_is_no_evidence_of_a_council() -> None:
    """ "the Reading Room" is a village hall, not Reading; "Maidstone House" a building."""
    from pipeline.authorities import score_authorities

    text = "The meeting was held at the Reading Room, Cwmifor, and at Maidstone House."
    assert score_authorities(text) == {}


def test_a_number_wrapped_alone_in_another_text_column_is_not_the_label(
    make_pdf: Maker,
) -> None:
    """A grants list wraps "Registered Charity 1157767 / and Limited Company / 8858885"
    in its Registration Number column: the bare number on the last line belongs to that
    column, not to the beneficiary's label (Sutton Coldfield's grants, first sight)."""
    rows = [
        ["Beneficiary", "Registration Number", "Amount"],
        [
            "Home Start Birmingham North West",
            "Registered Charity 1157767\nand Limited Company\n8858885",
            "£800.00",
        ],
        [
            "Compass Support",
            "Registered Charity 1068324\nand Limited Company\n3506460",
            "£10,000.00",
        ],
        ["Carers United", "Registered Charity 1165802", "£500.00"],
    ]
    centred = [("ALIGN", (0, 0), (1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    pdf = make_pdf("grants.pdf", [table(rows, widths=[190.0, 150.0, 80.0], extra=centred)])
    got = {f.amount_gbp: f.row_label for f in extract_file(pdf).figures}
    assert got == {
        Decimal("800.00"): "Home Start Birmingham North West",
        Decimal("10000.00"): "Compass Support",
        Decimal("500.00"): "Carers United",
    }, got


def test_a_total_labelled_in_the_value_column_before_its_figure(make_pdf: Maker) -> None:
    """A spreadsheet prints a sum's label in the cell to its left: "TOTAL VALUE" under
    the unit values, the sum under the total values, the label cell empty. That text
    names the total (Tintern's register: the total had no label on first sight)."""
    rows = [
        ["Item", "Location", "Unit Value", "Total Value"],
        ["Benches", "Abbey Roundabout", "£350.00", "£350.00"],
        ["Planters", "Chapel Hill", "£383.00", "£766.00"],
        ["", "", "TOTAL VALUE", "£1,116.00"],
    ]
    pdf = make_pdf("register.pdf", [table(rows, widths=[130.0, 140.0, 90.0, 90.0])])
    got = {f.amount_gbp: f.row_label for f in extract_file(pdf).figures}
    assert got.get(Decimal("1116.00")) == "TOTAL VALUE", got


def test_a_table_set_under_another_in_its_columns_takes_its_unit(make_pdf: Maker) -> None:
    """An income and expenditure account headed "£" over each column goes on, close
    below and in the same columns, with its reserve movements under headers of their
    own that print no unit: the same grid, the same unit (Sutton Coldfield, page 5: the
    reserve movements were flagged with no amounts). A table whose columns stand apart
    from those above takes nothing from them."""
    upper = [
        ["", "Gross £", "Income £", "Net £"],
        ["Economic Development", "(4,022)", "-", "(4,022)"],
        ["Cultural and Heritage", "(163,521)", "68,635", "(94,886)"],
        ["Net Surplus for the year", "", "", "(97,126)"],
    ]
    lower = [
        ["", "Balance April 2017", "Movement for Year", "Balance March 2018"],
        ["General Fund", "1,309,126", "(97,126)", "1,212,000"],
        ["Earmarked Reserves", "-", "827,769", "827,769"],
    ]
    apart = [
        ["", "Households", "Places"],
        ["Ward A", "1,200", "340"],
        ["Ward B", "1,350", "410"],
    ]
    widths = [180.0, 90.0, 90.0, 90.0]
    story = [
        para("Income and Expenditure Account", "Heading2"),
        table(upper, grid=False, widths=widths),
        table(lower, grid=False, widths=widths),
        para("Households and places by ward, counted in March", "Heading2"),
        table(apart, grid=False, widths=[120.0, 60.0, 60.0]),
    ]
    figs = extract_file(make_pdf("reserves.pdf", story)).figures
    general = {f.column_label: f.amount_gbp for f in figs if f.row_label == "General Fund"}
    assert general == {
        "Balance April 2017": Decimal("1309126"),
        "Movement for Year": Decimal("-97126"),
        "Balance March 2018": Decimal("1212000"),
    }, general
    assert all(f.amount_gbp is None for f in figs if f.row_label.startswith("Ward")), figs


def test_a_box_round_a_table_merges_no_header_cells(make_pdf: Maker) -> None:
    """A box drawn round a whole table has rules only outside its figures: it bounds the
    table, not a merged header cell, so each year heads its own column (Sutton
    Coldfield's notes to the accounts: both columns were read '2018 2018 Net Budget
    Expenditure')."""
    rows = [
        ["", "2018", "2018"],
        ["", "£", "£"],
        ["", "Net", "Budget"],
        ["", "Expenditure", ""],
        ["Salaries", "152,360", "312,300"],
        ["Staff Expenses", "482", "7,500"],
        ["Training and Conferences", "943", "12,000"],
    ]
    style = [("BOX", (0, 0), (-1, -1), 0.8, "black"), ("ALIGN", (1, 0), (-1, 3), "CENTRE")]
    boxed = table(rows, grid=False, widths=[200.0, 80.0, 80.0], extra=style)
    pdf = make_pdf("boxed.pdf", [para("Income and Expenditure Account", "Heading2"), boxed])
    cols = {f.column_label for f in extract_file(pdf).figures}
    assert cols == {"2018 Net Expenditure", "2018 Budget"}, cols


def test_a_column_of_note_letters_is_neither_a_header_nor_a_rating(make_pdf: Maker) -> None:
    """A 'Note' column of letters right of the last figures is no part of their header
    (Sutton Coldfield's income and expenditure account: '2018 Net Expenditure Note'), and
    its letters A and B are notes kept under their header, not Amber and Blue ratings."""
    rows = [
        ["", "2018", "2018", ""],
        ["", "£", "£", ""],
        ["", "Income", "Net Expenditure", "Note"],
        ["Economic Development", "-", "(4,022)", ""],
        ["Cultural and Heritage", "68,635", "(94,886)", ""],
        ["Environmental Services", "-", "(10,598)", ""],
        ["Play and Recreation", "-", "(109,981)", ""],
        ["Town in Bloom", "-", "(28,700)", ""],
        ["Christmas Lights", "-", "(66,931)", ""],
        ["Health and Wellbeing", "1,500", "(23,617)", ""],
        ["Central Support Costs", "2,313", "(297,350)", "A"],
        ["Civic and Democratic Costs", "", "(68,644)", "B"],
    ]
    style = [("ALIGN", (3, 0), (3, -1), "CENTRE")]
    grid = table(rows, grid=False, widths=[180.0, 80.0, 90.0, 50.0], extra=style)
    pdf = make_pdf("note.pdf", [para("Income and Expenditure Account", "Heading2"), grid])
    cells = _cells(extract_file(pdf))
    assert cells[("Civic and Democratic Costs", "2018 Net Expenditure")].amount_gbp == Decimal(
        "-68644"
    ), cells.keys()
    assert {col for _, col in cells} == {"2018 Income", "2018 Net Expenditure"}, cells.keys()
    assert {f.rag for f in cells.values()} == {None}
    civic = cells[("Civic and Democratic Costs", "2018 Net Expenditure")]
    assert civic.attributes == {"Note": "B"}, civic.attributes


def test_list_items_wrapped_down_to_their_figure_start_at_their_markers(
    make_pdf: Maker,
) -> None:
    """Minutes set each payment as a list item whose figure stands on its last line; the
    items start at their markers ("ii)", "iii)": a lowercase numeral is no carry-on), so
    a wrapped item's first line is not the end of the label above (Manordeilo and Salem,
    January 2017: three of five payments were labelled with their neighbours' words)."""
    tight = ParagraphStyle("tight", fontName="Helvetica", fontSize=9, leading=11)
    items = [
        ("i) Cllr. J. Davies, Chairperson's Allowance, Chq No 1199", "£200.00"),
        (
            "ii) Wales Audit Office, External Audit, Chq No 1200 (Replaces cancelled Chq No "
            "1188 dated 14/09/2016 to Grant Thornton)",
            "£141.00",
        ),
        (
            "iii) Mrs J. Davies, Clerk's Salary January 2017 and Expenses, (proposed by Cllr. "
            "D. Jenkins seconded by Cllr. O. Williams) Chq No 1201",
            "£487.70",
        ),
        ("iv) Manordeilo Reading Room, Hire of Hall Oct, Nov, Dec 2016, Chq No 1202", "£39.00"),
    ]
    style = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    rows = [[Paragraph(label, tight), amount] for label, amount in items]
    story = [
        para("12. ACCOUNTS FOR PAYMENT", "Heading3"),
        table(rows, grid=False, widths=[400.0, 70.0], extra=style),
    ]
    got = [f.row_label for f in extract_file(make_pdf("minutes.pdf", story)).figures]
    assert got == [label for label, _ in items], got


def test_a_column_under_two_years_that_do_not_nest_takes_neither(make_pdf: Maker) -> None:
    """A budget titled "BUDGET 2015/16" over "Budget 2014/15 | Spent | Budget 2015/16"
    (Tintern's budgets, the title centred over the figures): the first column states two
    periods, so it keeps none, with the reason, rather than the paper's or caption's
    year; the column whose years agree keeps its year."""
    rows = [
        ["", "TINTERN COMMUNITY COUNCIL - BUDGET 2015/16", "", ""],
        ["ITEM", "Budget 2014/15", "Budget 2015/16", ""],
        ["Clerk's Salary", "£4,200", "£4,200", ""],
        ["Clerk's Expenses", "£500", "£500", ""],
        ["Audit", "£250", "£300", ""],
    ]
    style = [("SPAN", (1, 0), (2, 0)), ("ALIGN", (1, 0), (2, 0), "CENTRE")]
    grid = table(rows, grid=False, widths=[160.0, 110.0, 110.0, 40.0], extra=style)
    figs = extract_file(make_pdf("budget.pdf", [grid])).figures
    audit = {f.amount_gbp: f for f in figs if f.row_label == "Audit"}
    assert set(audit) == {Decimal("250"), Decimal("300")}, figs
    old, new = audit[Decimal("250")], audit[Decimal("300")]
    assert (old.first_fy, old.last_fy) == (None, None), old
    assert "more than one period" in str(old.period_source), old.period_source
    assert (new.first_fy, new.last_fy) == (2015, 2015), new


def test_a_payments_list_is_labelled_by_its_payee(make_pdf: Maker) -> None:
    """A payments-over-£250 list names each payment by who was paid, however often they
    recur; what it was for ("Details") is an attribute. A "Ref" column mixing codes
    with bare numbers ("DP 41", "300094") is references, never pounds (Sutton
    Coldfield's payments lists: every label was the Details cell, and 35 references
    were read as money)."""
    rows = [
        ["Paid Date", "Ref", "Payee", "Details", "£ (net)", "Category"],
        ["23/10/2017", "DP 41", "Moor Hall Developments", "October Rent and Clean", "2,040", "Ofc"],
        ["23/10/2017", "DP 42", "LGRC", "Professional Fees - Aug 2017", "1,618", "Fees"],
        ["23/10/2017", "MC1 17/8", "Wylde Green Primary School", "Mayors Challenge", "650", "Gr"],
        ["06/11/2017", "300094", "Holland House School", "Mayors Challenge", "650", "Grants"],
        ["08/11/2017", "285", "Sure Pc Help", "Printer Consumables", "2,337", "IT"],
        [
            "05/12/2017",
            "311",
            "Moor Hall Developments",
            "November Rent and Clean",
            "2,040",
            "Office",
        ],
    ]
    left = [("ALIGN", (0, 0), (3, -1), "LEFT"), ("ALIGN", (5, 0), (5, -1), "LEFT")]
    grid = table(rows, widths=[55.0, 50.0, 125.0, 130.0, 45.0, 55.0], extra=left)
    pdf = make_pdf("payments.pdf", [para("Payments Made 2017/18 exceeding £250", "Heading2"), grid])
    figs = extract_file(pdf).figures
    got = [(f.row_label, f.amount_gbp, f.attributes.get("Details")) for f in figs]
    assert got == [
        ("Moor Hall Developments", Decimal("2040"), "October Rent and Clean"),
        ("LGRC", Decimal("1618"), "Professional Fees - Aug 2017"),
        ("Wylde Green Primary School", Decimal("650"), "Mayors Challenge"),
        ("Holland House School", Decimal("650"), "Mayors Challenge"),
        ("Sure Pc Help", Decimal("2337"), "Printer Consumables"),
        ("Moor Hall Developments", Decimal("2040"), "November Rent and Clean"),
    ], got


def test_a_grants_grid_with_tall_rows_is_labelled_by_organisation(make_pdf: Maker) -> None:
    """Grant applications in a ruled grid, each cell set at its foot: the summary wraps
    over lines above the first row's figure. The rule under the header ends it, so those
    lines are the first row's, not header words, and "Organisation" names each row
    (Sutton Coldfield's Amenities grants: the first ward's rows were labelled by their
    summaries)."""
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10)
    rows = [
        ["Organisation", "Status", "Project Summary", "Amount (£)"],
        [
            Paragraph("Friends of Hill Hook Local Nature Reserve", cell),
            "Voluntary",
            Paragraph(
                "To fund an Ecologist from the Wildlife Trust to lead and support activities "
                "at the nature reserve. The funding would also be used to purchase plants, "
                "tools and supplies to support the ongoing programme of work.",
                cell,
            ),
            "£3,000.00",
        ],
        [
            "St James Hill",
            "Registered Charity",
            Paragraph(
                "Install a professional kitchen to enable a community cafe to be run from the "
                "church centre, to address loneliness and isolation amongst older people.",
                cell,
            ),
            "£10,000.00",
        ],
    ]
    style = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONT", (0, 0), (-1, -1), "Helvetica", 8)]
    grid = table(rows, widths=[120.0, 80.0, 210.0, 60.0], extra=style)
    pdf = make_pdf("grants.pdf", [para("FOUR OAKS WARD", "Heading3"), grid])
    figs = extract_file(pdf).figures
    got = [(f.row_label, f.column_label, f.amount_gbp) for f in figs]
    assert got == [
        ("Friends of Hill Hook Local Nature Reserve", "Amount", Decimal("3000.00")),
        ("St James Hill", "Amount", Decimal("10000.00")),
    ], got


def test_a_sum_in_pounds_that_reads_as_no_figure_is_flagged_not_a_heading(
    make_pdf: Maker,
) -> None:
    """ "£339,64" (a decimal comma) is no figure we may guess at: its row stays a row, the
    rows below are in no section it heads, and the table is flagged naming the cell."""
    rows = [
        ["Organisation", "Project Summary", "Amount (£)"],
        ["The Gap", "Youth Workers Salary", "£2,040.00"],
        ["ECO Sutton", "Purchase air pollution monitors", "£339,64"],
        ["Square Peg Foundation CIC", "Summer holiday activities", "£6,940.00"],
    ]
    pdf = make_pdf("grants.pdf", [table(rows, widths=[150.0, 200.0, 70.0])])
    ex = extract_file(pdf)
    assert [(f.row_label, f.section) for f in ex.figures] == [
        ("The Gap", None),
        ("Square Peg Foundation CIC", None),
    ], ex.figures
    assert ex.tables[0].review == ["1 cell(s) printed in £ not read as a figure: '£339,64'"]


def test_a_word_broken_in_a_narrow_header_cell_is_one_word(make_pdf: Maker) -> None:
    """Word breaks a header word too wide for its cell with no hyphen ("Expenditur" over
    "e"): the column reads "Gross Expenditure". A short word set on its own line ("Spend
    to" over "date" is no broken word) keeps its space."""
    rows = [
        ["", "2024-25", "2024-25", "2024-25"],
        ["", "Gross", "Net", "Spend"],
        ["", "Expenditur", "Expenditur", "to"],
        ["", "e", "e", "date"],
        ["Older people residential care", "8,699", "9,812", "4,120"],
        ["Physical disability support", "28,121", "25,253", "12,004"],
    ]
    left = [("ALIGN", (1, 0), (-1, 3), "LEFT"), ("LEADING", (0, 0), (-1, 3), 9)]
    pdf = make_pdf("broken.pdf", [table(rows, widths=[170.0, 48.0, 48.0, 48.0], extra=left)])
    cols = {f.column_label for f in extract_file(pdf).figures}
    assert cols == {
        "2024-25 Gross Expenditure",
        "2024-25 Net Expenditure",
        "2024-25 Spend to date",
    }, cols


def test_one_row_under_a_sentence_introducing_it_starts_a_table_over_the_page(
    make_pdf: Maker,
) -> None:
    """A cost estimate introduced by "… summarised as follows: -" whose first row, its
    label wrapped over three lines, is the last thing on the page: that row is the
    table's first, carried on over the page, with its whole label (Sutton Coldfield's
    concert report: the row was left to the narrative)."""
    first = [
        ["Insurance, Technical", ""],
        ["& Production Costs", ""],
        ["(including 5% contingency)", "£95,200"],
    ]
    rest = [
        ["CBSO professional fees", "£21,000"],
        ["Other Artists Fees", "£5,000"],
        ["Box Office, Marketing Press & PR", "£3,800"],
        ["Total", "£125,000"],
    ]
    bottom = [("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    story = [
        para("5. Financial Implications", "Heading3"),
        para("The total costs of staging the events is estimated to be £125,000."),
        para("The estimated costs are summarised as follows: -"),
        table(first, grid=False, widths=[180.0, 80.0], extra=bottom),
        PageBreak(),
        table(rest, grid=False, widths=[180.0, 80.0]),
    ]
    got = [
        (f.page, f.row_label, f.amount_gbp) for f in extract_file(make_pdf("c.pdf", story)).figures
    ]
    assert got == [
        (1, "Insurance, Technical & Production Costs (including 5% contingency)", Decimal("95200")),
        (2, "CBSO professional fees", Decimal("21000")),
        (2, "Other Artists Fees", Decimal("5000")),
        (2, "Box Office, Marketing Press & PR", Decimal("3800")),
        (2, "Total", Decimal("125000")),
    ], got


def test_a_cell_stacking_named_sums_gives_a_figure_for_each(make_pdf: Maker) -> None:
    """Grant applications ask each ward for a share: the amount cell stacks one sum named
    per line ("Four Oaks - £167.00" … "Total: £1,000"), however far apart the lines are
    set. Each is a figure of the row, its name in the column label, the total a total
    (Sutton Coldfield's grant notes: 51 such figures were read as sentences). A dash
    touching a sum is its minus sign, not a name's mark."""
    rows = [
        ["Organisation", "Project Summary", "Amount Requested"],
        [
            "Sutton Coldfield Parkrun",
            "Timing equipment and software\nfor a new Parkrun in Sutton Park",
            "Four Oaks - £167.00\n\nNew Hall - £167.00\n\nTotal: £334.00",
        ],
        ["Art Trail", "Venue costs", "Four Oaks - £200.00\n\nTotal: £200.00"],
    ]
    left = [("ALIGN", (0, 0), (-1, -1), "LEFT")]
    pdf = make_pdf("grants.pdf", [table(rows, widths=[140.0, 200.0, 120.0], extra=left)])
    got = [
        (f.row_label, f.column_label, f.amount_gbp, f.is_total) for f in extract_file(pdf).figures
    ]
    assert got == [
        ("Sutton Coldfield Parkrun", "Amount Requested (Four Oaks)", Decimal("167.00"), False),
        ("Sutton Coldfield Parkrun", "Amount Requested (New Hall)", Decimal("167.00"), False),
        ("Sutton Coldfield Parkrun", "Amount Requested (Total)", Decimal("334.00"), True),
        ("Art Trail", "Amount Requested (Four Oaks)", Decimal("200.00"), False),
        ("Art Trail", "Amount Requested (Total)", Decimal("200.00"), True),
    ], got


def test_a_named_sum_needs_the_mark_between_name_and_sum() -> None:
    """A spaced dash, colon or equals sign names a sum; a name and a sum set close are a
    label and its figure, and a dash touching the sum is its minus sign."""
    assert named_sum("Four Oaks - £167.00") == ("Four Oaks", "£167.00")
    assert named_sum("Total: £1,000") == ("Total", "£1,000")
    assert named_sum("= £ 4,000") == ("=", "£4,000")
    assert named_sum("Total £1,234") is None
    assert named_sum("Car parking -£1,234") is None
    assert named_sum("£167.00") is None
