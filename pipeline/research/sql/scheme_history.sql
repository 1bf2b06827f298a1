-- scheme_history: Each scheme followed across one authority's papers; scheme_key is the row
-- label's letters and digits, lower-cased, without anything in parentheses (_scheme_key).
--
-- The key of each figure is worked out at load and kept in _savings_base beside its
-- category (see _savings_base.sql). No ORDER BY: a view's order is not part of it, and a
-- sort here would be paid by every group-by.
create or replace view scheme_history as
with keyed as (
    select d.authority, d.authority_code, b.scheme_key,
           _fy_label(d.first_fy, d.first_fy) as paper_year, d.first_fy as paper_first_fy,
           b.document_id, b.page, b.section, b.row_label, b.category, b.rag, b.column_label,
           b.measure, b.fiscal_year, b.first_fy, b.last_fy, b.saving_gbp,
           coalesce(d.authority_code, d.authority, d.document_id) as akey
    from _savings_base b join _documents d on d.document_id = b.document_id
    where not b.is_total)
select authority, authority_code, scheme_key, paper_year, paper_first_fy, document_id, page,
       section, row_label, category, rag, column_label, measure, fiscal_year, first_fy,
       last_fy, saving_gbp,
       count(distinct document_id) over (partition by akey, scheme_key) as papers
from keyed;
