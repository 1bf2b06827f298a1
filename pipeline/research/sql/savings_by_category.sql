-- savings_by_category: Detail rows summed by authority x fiscal year x category x measure.
-- When several papers of one authority report the same fiscal year and measure, only the
-- latest paper counts, so nothing is added twice.
--
-- The sums per paper are kept in _category_sums (made at load, see _category_sums.sql);
-- here each gets its paper's council and dates from `_documents`, and only the rows of
-- the latest paper of each council, period and measure are kept: rank 1 in that
-- partition, ties being the rows of one paper (document_id is last in the order). A
-- window partition puts nulls together, as the null-safe join it replaces did.
create or replace view savings_by_category as
with papers as (
    select document_id, authority, authority_code, first_fy, ingested_at,
           _fy_label(first_fy, first_fy) as paper_year,
           coalesce(authority_code, authority, document_id) as akey
    from _documents),
sums as (
    select d.authority, d.authority_code, s.fiscal_year, s.first_fy, s.last_fy, s.category,
           s.measure, s.saving_gbp, s.schemes, s.figures, s.document_id,
           d.paper_year,
           rank() over (partition by d.akey, s.first_fy, s.last_fy, s.measure
                        order by d.first_fy desc nulls last, d.ingested_at desc,
                                 d.document_id) as n
    from _category_sums s join papers d on d.document_id = s.document_id)
select authority, authority_code, fiscal_year, first_fy, last_fy, category, measure,
       saving_gbp, schemes, figures, document_id, paper_year
from sums
where n = 1
order by authority, first_fy nulls last, last_fy, category, measure;
