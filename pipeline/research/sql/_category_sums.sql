-- _category_sums: each paper's detail figures (no printed totals) summed by fiscal year,
-- category and measure: the first step of savings_by_category, which only picks, among
-- these sums, the latest paper of each council, period and measure. Kept per paper
-- because it depends on nothing outside the paper (the council and paper year are
-- joined from `_documents` by the view); made like _savings_base (views.py, pipeline.load),
-- from its rows, so it is always made after it.
select document_id, fiscal_year, first_fy, last_fy, category, measure,
       cast(sum(saving_gbp) as DECIMAL(18,2)) as saving_gbp,
       count(distinct (table_index::bigint << 32) | (row_index::bigint & 4294967295))
           as schemes,
       count(*) as figures
from _savings_base
where not is_total
  and ($ids::varchar[] is null or list_contains($ids::varchar[], document_id))
group by document_id, fiscal_year, first_fy, last_fy, category, measure
