"""Real papers of councils other than Kent (tests/real_other/*.truth.json), annotated
blind off the page images before the extractor first read them, and scored by the
shared scorer through the public views.

The papers were fetched from public repositories, so they are not committed: copy them
into tests/real_other/papers/<council>/ (its SOURCES.md names the repository, commit and
path each came from; SHA256SUMS checks the bytes) or point BUDGET_PAPERS_OTHER at such a
folder; where they are absent these tests are skipped: Royal Sutton Coldfield Town
Council's statement of accounts, contracts register, grants list, payments lists, grant
application papers and a concert report, Tintern Community Council's asset register, four
budgets and a precept web page, Manordeilo and Salem Community Council's minutes of
2015-2019, Souldern and Milburn parish councils' accounts, expenditure and minutes, and
eight NHS bodies' lists of payments over £25,000. A rule that fits only Kent's papers
shows here. Floors are what the extractor measured when they were set: they go up as
fixes land, and down only when harder papers join the set (each batch is scored at first
sight before any fix, see below).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.ingest import ingest
from tests.realtruth import savings_on_non_money_pages, shared_score

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BUDGET_PAPERS_SHARED", ROOT.parent / "shared"))
SUMS = ROOT / "tests" / "real_other" / "papers" / "SHA256SUMS"
PAPERS = Path(os.environ.get("BUDGET_PAPERS_OTHER", SUMS.parent))
SCORER = SHARED / "tools" / "score.py"
TRUTH_DIR = ROOT / "tests" / "real_other"
TRUTHS = [json.loads(p.read_text()) for p in sorted(TRUTH_DIR.glob("*.truth.json"))]

# Measured 2026-11-30 (benchmarks/real.py --truth tests/real_other
# --papers tests/real_other/papers):
# first sight 59/382 = 0.154, precision 0.421 (seven papers); after the fixes, with the
# grants list (19/22 at first sight): 388/404 = 0.960, precision 0.960 (the 16 missed
# stand in total rows with no label, which the scorer cannot match).
# Eight more papers annotated blind (Tintern budgets 2015-16 to 2017-18 and the 2017-18
# precept page: unit stated nowhere, no figures; Manordeilo and Salem minutes 15-10-14,
# 16-03-09, 17-01-11, 18-10-10): first sight 16/20 = 0.80, precision 0.80 on them
# (a total label read as a second text column; wrapped labels whose figure stands on
# their last line); all sixteen 404/424 = 0.953, precision 0.953.
# Then seven more Sutton Coldfield papers, annotated blind (four payments-over-£250 lists,
# two grant-application papers, the CBSO concert report; 385 figures), at first sight
# 57/385 = 0.148, precision 57/384 = 0.148 on those seven; all fifteen papers together
# 445/789 = 0.564, precision 0.565. The floors are those totals rounded down: they go up
# as the causes (label column, numeric reference column, stacked amounts in one cell,
# tables not found) are fixed. After this round's fixes, all 23 papers: 770/809 = 0.952,
# precision 0.952 (16 figures in total rows with no label, 22 in grant cells whose ward
# names wrap apart from their sums or a ruled row holding two sums in a cell, one
# "£339,64" flagged).
# Then sixteen more papers annotated blind, in two batches: Souldern and Milburn parish
# councils' accounts, expenditure and minutes with three NHS bodies' payments over £25,000
# (Barking and Dagenham CCG, North Central London CCG, Homerton hospital), first sight
# 5/329 = 0.015 (identifier columns read as money, no period from "JAN 2021", a shaded
# header under a boxed title lost, one month's table a page joined into one, names
# wrapped upwards, a row's words taken for superscripts); then, after those fixes, five
# more CCGs' lists (Tower Hamlets, Brent, South East London, South West London, Newham),
# first sight 127/252 = 0.504 (a month only in the paper's title, text spilling across
# columns, a column the first page lacks). After the fixes: 542/581 on the sixteen, all
# 39 papers 1312/1390 = 0.944, precision 0.871 (the precision counts the rows of tables
# whose unit is stated nowhere, kept with no amount, on pages where another table has
# figures; the OCR-rebuilt annual return is 0/29). A third batch, drawn after all that
# (six Souldern minutes, Waltham Forest, Hillingdon and Central London CCGs' lists): first
# sight 159/234 = 0.679 (a header row in a tall cell set too far above the rows, "Total
# £s" read as no unit); after those two fixes 195/234; all 48 papers 1507/1624 = 0.928,
# precision 0.882 (Waltham Forest's list, 20/55, glues its VAT numbers to the amounts).
# Eighth round: Waltham Forest 51/55 (tight columns); a fourth batch annotated blind
# (Hertingfordbury parish minutes, variances and bank reconciliation, Horsley village
# hall's accounts: 187 figures), first sight 37/187 = 0.198 (side-by-side halves labelled
# by the longer one, fund columns whose unit only their total column prints, a year in a
# numbered heading, a last row set apart); after the fixes 179/187. All 55 papers
# 1717/1811 = 0.948, precision 0.788: the batch's parish papers hold many tables that
# state no unit anywhere, kept with no amount (flagged) on pages where other tables have
# figures, and the scorer counts each such row against precision.
# Ninth round: a fifth batch annotated blind (Burton-cum-Walden parish's summary of
# accounts, cash sheet, asset schedule, explanation of variances, bank reconciliation and
# minutes; Newbiggin parish minutes: 309 figures), first sight 193/309 = 0.625 (boxed
# comment cells taking their rows, labels led by a box number, analysis columns adding up
# to the amount before them, two grids side by side); after the fixes 293/309. All 62
# papers 2015/2120 = 0.950, precision 0.811.
# Tenth round: a sixth batch annotated blind (Trafford Council's members' allowances,
# facility time return and pay policy; Garelochhead community council's minutes; five
# North West London CCGs' payments lists: 316 figures), first sight 303/316 = 0.959 (a
# wrapped label ending in a colon read as a form, a header alone at a page's foot, notes
# in a column of figures read as headers); after the fixes 315/316. All 71 papers
# 2343/2436 = 0.962, precision 0.837; 2352/2436 = 0.966, precision 0.840 once text a clip
# cuts off ends its word and segment.
# Eleventh round: a seventh batch (Gloucester City Council's fare card, council tax support
# report and a finance-team report; Trafford's pay policies for 2019/20 and 2020/21,
# facility time 2016-17 and population sheet; Coventry's deprivation summary; a Humberside
# Police FOI reply: 69 figures), first sight 23/69 = 0.333 (pence read as pounds, a fare
# grid keyed by miles, monthly columns undated, a caseload beside £ columns, districts no
# candidate authors); after the fixes 69/69. An eighth batch drawn after them (ten more
# parish and community council papers, 248 figures), first sight 181/248 = 0.730, of
# which 58 figures stand in four scans with no text layer: read by OCR only, which the
# extractor leaves to the user (it fails them with "run OCR first"), so they are kept in
# the truth and counted missed. After the fixes 188/248 (188/190 of the papers with a text
# layer). All 90 papers 2614/2753 = 0.950 (0.970 without the scans), precision 0.853;
# 0.960 once `savings` holds figures in pounds only (tables stating no unit stay in
# table_figures, as the truth files' convention has it).
# Twelfth round: a ninth batch (Suffolk County Council's library review and contract
# schedules, Suffolk Libraries' accounts, a Commons Library briefing, Defra's programme
# reports: 210 figures), first sight 44/210 = 0.210 (one paper hung the content reader;
# "£1000's" no unit; a scale "(k)" over cells printing £; rules under the figures alone
# cut rows from their labels; year rows undated), after the fixes 196/210. A tenth batch
# drawn after them (the Royal Household's grant summary and travel schedule, gender pay
# gap reports, Oxfam's accounts, an LGA study, a school's grant reports: 257 figures),
# first sight 169/257 = 0.658, after the fixes 193/257 (30 of the misses are the travel
# schedule, its rows named by their description, not the Household column the truth
# names them by). All 107 papers 3003/3220 = 0.933, precision 0.947.
# Thirteenth round: an eleventh batch (a district council's General Fund estimates, a
# parish budget, a community council's minutes and bank reconciliation, four charities' and
# a company's accounts: 346 figures), first sight 180/346 = 0.520, after the fixes 235/346
# (statements of accounts' inner columns, note numbers, titles over headers; text run on
# over empty grid cells; headings ending in a colon). 69 of the misses are two statements
# that print no unit, or one £ at the foot, which the extractor leaves without an amount
# and flags. All 115 papers 3243/3566 = 0.909, precision 0.924.
# A twelfth batch drawn after those fixes (the NAO's report on local authorities' finances,
# the Scottish Government's fisheries grants list, a not-for-profit company's balance sheet
# and profit and loss, a village hall's hire charges: 331 figures), first sight 61/331 =
# 0.184, after the fixes 118/331 (a grid's header printed above it, outside its rules;
# codes and names in one bordered column). 145 of the misses are the company's two
# statements, which print no unit or £ anywhere: the truth reads them as pounds by context,
# the extractor leaves them without an amount and flags them. All 120 papers 3361/3897 =
# 0.862, precision 0.920.
# Fourteenth round: the search index gave only a thirteenth batch of three papers (a
# school's PE grant and pupil premium reports made in Word, another school's: 30 figures),
# first sight 6/30 = 0.200, after the fixes 20/30 (a section heading naming a year dates
# its rows; a frame holding two grids cut apart; a form shaded in strips; items in one
# ruled cell). The charity's receipts and payments form (columns boxed apart) went from
# 1/25 to 10/25. All 123 papers 3392/3927 = 0.864, precision 0.932.
# Sixteenth round: a fourteenth batch (two library authorities' CIPFA statistical returns
# printed from the IPF workbook, a parish budget printed from a spreadsheet, five parish
# explanations of variances on the auditor's Word, Excel and Calc templates: 327 figures),
# first sight 87/327 = 0.266 (box numbers beside each figure read as money; the header
# under a title bar's rule, and a "£" over a column of noughts, not read; figures boxed
# apart left of their labels; "Box 2" over its row's name taken for a heading; a "Total"
# in the margin taken for the label column; rows below a message box cut off), after the
# fixes 289/327 = 0.884. A fifteenth batch drawn after those fixes (a Kent monitoring
# appendix published outside the shared folder, a school's sport premium report: 148
# figures), first sight 90/148 = 0.608 (a table's header inside its frame at the top of
# each page set aside as a running head), after the fixes 146/148; Kent's 2025-28 revenue
# plan, drawn last, 203/203 at first sight. All 134 papers 4041/4605 = 0.878, precision
# 0.955 (0.937 before the nils of columns stating no unit were kept out of `savings`
# with their figures).
# Seventeenth round: a sixteenth batch (a Scottish council's CIPFA library return, two
# parish registers of assets printed without grid lines, a parish's variances and its
# Community Infrastructure Levy return, a school's sport premium report, the Sovereign
# Grant summary for 2020-21: 176 figures), first sight 121/176 = 0.688 (a date column
# glued to the asset names; years in a column of their own folded into the label; a
# remark and a disposal year right of the figures read as values; a total eight lines
# below its list; a box taken for key-value pairs by one label ending in a colon; "1st
# April 2023 - 31st March 2024" read as the range 2023-31), after the fixes 164/176.
# All 141 papers 4216/4781 = 0.882, precision 0.953.
# Eighteenth round: a seventeenth batch (the RAC Foundation's and the Scottish Government's
# parking accounts, Nottingham's statement of accounts, two Kent appendices printed from
# Excel, five parish papers: 911 figures), first sight 603/911 = 0.662 (a description
# wrapped round its row read into the label; a header in a coloured band over a ruled grid
# left out; "Key Service Description" taking the label from "Key Service"; names repeated
# under each group of a two-level stub; a caption's unit wrapped over two lines; a count
# between two £,000 columns read as pounds; a payments list titled "over £100" read as
# unit-less), after the fixes 867/911 = 0.952. Then an eighteenth batch (the Royal
# Household's Sovereign Grant report and accounts 2022-23, its summary 2021-22 and three
# royal travel schedules: 146 figures), first sight 26/146 = 0.178 (bare years under "As at
# 31 March" read as calendar years; "journeys costing less than £15,000" read as
# unit-less), after the fixes 72/146 (the rest: the travel schedules' truth names rows by
# the Household column, as batch10's does). All 159 papers 5159/5838 = 0.884, precision
# 0.945.
# Nineteenth round: blind batches from Nottingham's statements of accounts and the RAC
# Foundation's earlier Word reports: 1,487 figures 1,279/1,487 = 0.860 at first sight ->
# 1,487/1,487; a third batch drawn after those fixes 290/482 with the round's starting
# code, 357/482 with its code before any look, 482/482 after; a fourth 385/448 at first
# sight, 415/448 after (33 "Difference" figures the truth dates 2013-14 to 2014-15). All
# 177 papers 7543/8255 = 0.914, precision 0.962 (the 159 before unchanged at 5159).
MIN_FIGURES = 0.90
MIN_PRECISION = 0.95

needs_scorer = pytest.mark.skipif(
    not SCORER.is_file(), reason="the shared scorer (../shared/tools/score.py) is not here"
)
needs_papers = pytest.mark.skipif(
    not all((PAPERS / t["path"]).is_file() for t in TRUTHS),
    reason="other councils' papers not copied in (tests/real_other/papers/SOURCES.md)",
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("real_other")
    wh = tmp / "real_other.duckdb"
    ingest([PAPERS / t["path"] for t in TRUTHS], warehouse=wh, extracted=tmp / "ex", jobs=2)
    return wh


def test_other_councils_truth_files_are_complete() -> None:
    """Three councils at least, Kent's few: a Kent paper is here only where the shared
    folder of Kent papers does not hold it (one annotated blind, published elsewhere),
    and Kent's figures are under a tenth of all; every figure on a page the file scores."""
    assert len({t["authority"] for t in TRUTHS}) >= 3
    kent = [t for t in TRUTHS if "Kent" in t["authority"]]
    assert sum(len(t["savings"]) for t in kent) < 0.1 * sum(len(t["savings"]) for t in TRUTHS)
    assert not any(
        (SHARED / "real" / "kent").is_dir() and list((SHARED / "real" / "kent").rglob(t["file"]))
        for t in kent
    )
    for t in TRUTHS:
        assert Path(t["path"]).name == t["file"]
        pages = set(t["pages_scored"])
        assert all(f["page"] in pages for f in t["savings"]), t["file"]


def test_every_paper_has_its_source_in_the_manifest() -> None:
    """MANIFEST.tsv names the repository, commit and path of every paper SHA256SUMS
    lists, so tools/restore_other_papers.py can restore them all."""
    listed = {line.split(maxsplit=1)[1] for line in SUMS.read_text().splitlines()}
    rows = (SUMS.parent / "MANIFEST.tsv").read_text().splitlines()
    assert rows[0].split("\t") == ["file", "repository", "commit", "path"]
    named = [r.split("\t") for r in rows[1:]]
    assert all(len(r) == 4 and len(r[2]) == 40 for r in named)
    assert {r[0] for r in named} == listed
    assert {t["path"] for t in TRUTHS} <= listed


@needs_papers
def test_other_councils_papers_are_the_published_bytes() -> None:
    """Every annotated paper is scored as its council published it, byte for byte."""
    sums = {}
    for line in SUMS.read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name] = digest
    for t in TRUTHS:
        data = (PAPERS / t["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sums[t["path"]], t["path"]


@needs_scorer
@needs_papers
def test_other_councils_scores(warehouse: Path) -> None:
    s = shared_score(SCORER, warehouse, TRUTH_DIR)
    assert s["figures"] >= MIN_FIGURES and s["precision"] >= MIN_PRECISION, s


@needs_papers
def test_other_councils_tables_without_a_unit_give_no_amounts(warehouse: Path) -> None:
    """Tintern's budget states no unit anywhere: its figures keep no amount in pounds
    (a nil is nothing in any unit), and non-money tables' pages give no savings rows."""
    con = duckdb.connect(str(warehouse), read_only=True)
    docs = {
        Path(f).name: d
        for d, f in con.execute("select document_id, source_file from documents").fetchall()
    }
    over: set[tuple[str, int]] = set()
    for t in TRUTHS:
        tables: list[dict[str, Any]] = t.get("tables", [])
        for tb in tables:
            if tb.get("money") and tb.get("unit") is None:
                # Another table on the page may state its unit (a lease "£0.20" under
                # an account with none): only the truth's own amounts may be there.
                stated = sum(
                    1 for f in t["savings"] if f["page"] == tb["page"] and f["amount_gbp"] != 0
                )
                n = con.execute(
                    "select count(*) from savings where document_id = ? and page = ? "
                    "and amount_gbp <> 0",
                    [docs[t["file"]], tb["page"]],
                ).fetchone()
                if n is None or n[0] > stated:
                    over.add((t["file"], tb["page"]))
    assert over == KNOWN_SUMS_IN_PROSE
    assert not savings_on_non_money_pages(warehouse, TRUTHS)


#: Misreads still standing, so that a fix (or a new case) fails the test above: a
#: contracts schedule whose "Narrative" cell ends its justified sentence with "£153,400" on
#: the row's baseline, read as a figure in a column of its own (ninth batch, first sight).
KNOWN_SUMS_IN_PROSE = {("suffolk-cc-library-contract-schedules-2012.pdf", 409)}
