-- savings_research: Every money figure with its fiscal-year label, scheme category (first
-- taxonomy rule that matches), and saving_gbp = amount_gbp x the table's sign (savings
-- positive).
--
-- The per-figure work (category, fiscal-year label, sign) is done when papers are loaded
-- and kept in _savings_base (see _savings_base.sql); this view only adds what belongs to
-- the paper from `_documents`, a small table, so a query over a million figures runs no
-- pattern, formats no year and joins no text label. The columns of `savings` come first.
-- No ORDER BY: a view's order is not part of it, and a sort here would be paid by every
-- group-by.
create or replace view savings_research as
with papers as (
    select document_id, authority, authority_code, first_fy as paper_first_fy,
           _fy_label(first_fy, first_fy) as paper_year
    from _documents)
select b.document_id, d.authority, d.authority_code, b.page, b.table_index, b.section,
       b.row_label, b.rag, b.column_label, b.measure, b.first_fy, b.last_fy, b.amount_gbp,
       b.is_total, b.footnote, b.x0, b.top, b.x1, b.bottom, b.row_index, b.printed,
       b.printed_unit, b.ref, b.attributes, b.unit_source, b.period_source, b.fiscal_year,
       d.paper_first_fy, d.paper_year,
       b.category, b.category_rule, b.sign, b.sign_rule, b.saving_gbp
from _savings_base b
join papers d on d.document_id = b.document_id;
