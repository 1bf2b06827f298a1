-- scheme_history: Each scheme followed across one authority's papers; scheme_key is the row
-- label's letters and digits, lower-cased, without anything in parentheses (_scheme_key).
--
-- The key of each figure, and its number, are worked out at load and kept in
-- _savings_base beside its category (see _savings_base.sql). The papers of each
-- council's scheme are counted once per scheme and joined back (a count(distinct) window
-- over every figure took seconds), on numbers: the scheme's (a figure with no row label
-- has none, and those of a council count together, as they did in the window), the
-- council's and paper's given here to the few rows of `_documents`. No ORDER BY: a
-- view's order is not part of it, and a sort here would be paid by every group-by.
create or replace view scheme_history as
with papers as (
    select document_id, authority, authority_code, first_fy as paper_first_fy,
           _fy_label(first_fy, first_fy) as paper_year,
           dense_rank() over (order by coalesce(authority_code, authority, document_id))
               as council_no,
           row_number() over (order by document_id) as paper_no
    from _documents),
keyed as (
    select d.authority, d.authority_code, b.scheme_key, d.paper_year, d.paper_first_fy,
           b.document_id, b.page, b.section, b.row_label, b.category, b.rag, b.column_label,
           b.measure, b.fiscal_year, b.first_fy, b.last_fy, b.saving_gbp, d.council_no,
           d.paper_no, b.scheme_id
    from _savings_base b join papers d on d.document_id = b.document_id
    where not b.is_total),
counts as (
    select council_no, scheme_id, count(distinct paper_no) as papers
    from keyed group by council_no, scheme_id)
select k.authority, k.authority_code, k.scheme_key, k.paper_year, k.paper_first_fy,
       k.document_id, k.page, k.section, k.row_label, k.category, k.rag, k.column_label,
       k.measure, k.fiscal_year, k.first_fy, k.last_fy, k.saving_gbp, c.papers
from keyed k
join counts c on c.council_no = k.council_no and c.scheme_id is not distinct from k.scheme_id;
