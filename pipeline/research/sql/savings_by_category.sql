-- savings_by_category: Detail rows summed by authority x fiscal year x category x measure.
-- When several papers of one authority report the same fiscal year and measure, only the
-- latest paper counts (latest.n = 1), so nothing is added twice.
--
-- Summed per paper first (one pass over the figures), then the latest paper of each
-- authority, period and measure is picked among those sums: the figures are never joined
-- back, and the null-safe join runs over the sums only.
create or replace view savings_by_category as
with detail as (
    select r.*, coalesce(r.authority_code, r.authority, r.document_id) as akey,
           d.ingested_at
    from savings_research r join _documents d using (document_id)
    where not r.is_total),
sums as (
    select authority, authority_code, fiscal_year, first_fy, last_fy, category, measure,
           cast(sum(saving_gbp) as DECIMAL(18,2)) as saving_gbp,
           count(distinct (table_index::bigint << 32) | (row_index::bigint & 4294967295))
               as schemes,
           count(*) as figures, document_id, paper_year,
           akey, paper_first_fy, ingested_at
    from detail
    group by authority, authority_code, fiscal_year, first_fy, last_fy, category, measure,
             document_id, paper_year, akey, paper_first_fy, ingested_at),
papers as (
    select distinct akey, first_fy, last_fy, measure, document_id, paper_first_fy, ingested_at
    from sums),
latest as (
    select akey, first_fy, last_fy, measure, document_id,
           row_number() over (partition by akey, first_fy, last_fy, measure
                              order by paper_first_fy desc nulls last, ingested_at desc,
                                       document_id) as n
    from papers)
select d.authority, d.authority_code, d.fiscal_year, d.first_fy, d.last_fy, d.category,
       d.measure, d.saving_gbp, d.schemes, d.figures, d.document_id, d.paper_year
from sums d
join latest l on l.n = 1 and l.akey = d.akey and l.document_id = d.document_id
             and l.first_fy is not distinct from d.first_fy
             and l.last_fy is not distinct from d.last_fy
             and l.measure is not distinct from d.measure
order by d.authority, d.first_fy nulls last, d.last_fy, d.category, d.measure;
