-- scheme_history: Each scheme followed across one authority's papers; scheme_key is the row
-- label's letters and digits, lower-cased, without anything in parentheses (_scheme_key).
--
-- The key of each label is worked out once and kept in _figure_categories beside its
-- category (views.py: refresh_categories); a label loaded since gets it here. No ORDER
-- BY: a view's order is not part of it, and a sort here would be paid by every group-by.
create or replace view scheme_history as
with keyed as (
    select r.*,
           case when r.row_label is null then null
                when k.label_key is not null then k.scheme_key
                else _scheme_key(r.row_label) end as scheme_key,
           coalesce(r.authority_code, r.authority, r.document_id) as akey
    from savings_research r
    left join _figure_categories k on k.section_key = coalesce(r.section, '')
                                  and k.label_key = coalesce(r.row_label, '')
    where not r.is_total)
select authority, authority_code, scheme_key, paper_year, paper_first_fy, document_id, page,
       section, row_label, category, rag, column_label, measure, fiscal_year, first_fy,
       last_fy, saving_gbp,
       count(distinct document_id) over (partition by akey, scheme_key) as papers
from keyed;
