-- planned_vs_delivered: Per scheme row and period: the planned figure against the revised,
-- forecast or achieved figure for the same fiscal years, where a paper prints both.
--
-- Worked out per paper at load and kept in _planned_delivered (see _planned_delivered.sql);
-- this view adds the council and paper year from `_documents`. No ORDER BY: a view's
-- order is not part of it, and a sort here would be paid by every group-by.
create or replace view planned_vs_delivered as
with papers as (
    select document_id, authority, authority_code, _fy_label(first_fy, first_fy) as paper_year
    from _documents)
select p.document_id, d.authority, d.authority_code, d.paper_year, p.table_index,
       p.row_index, p.page, p.section, p.row_label, p.category, p.rag, p.is_total,
       p.fiscal_year, p.first_fy, p.last_fy, p.planned_gbp, p.planned_column, p.revised_gbp,
       p.revised_column, p.forecast_gbp, p.forecast_column, p.achieved_gbp,
       p.achieved_column, p.delivered_gbp, p.delivered_basis, p.gap_gbp, p.delivered_share
from _planned_delivered p join papers d on d.document_id = p.document_id;
