-- rag_mix: Schemes by RAG rating in each paper (tables with a RAG column only): counts,
-- shares, and the planned savings they carry (the first planned column, by position).
--
-- planned_measures (in braces below) is filled in with pipeline.signs.PLANNED_MEASURES.
create or replace view rag_mix as
with rated_tables as (
    select document_id, table_index from _figures
    group by all having count(rag) > 0),
schemes as (
    select r.document_id, r.authority, r.authority_code, r.paper_year, r.paper_first_fy,
           r.table_index, r.row_index, any_value(r.rag) as rag,
           arg_min(r.saving_gbp, r.x0) filter (where r.measure in ({planned_measures})) as planned_gbp
    from savings_research r join rated_tables using (document_id, table_index)
    where not r.is_total
    group by all),
mix as (
    select authority, authority_code, paper_year, paper_first_fy, document_id,
           coalesce(rag, 'unrated') as rag, count(*) as schemes,
           cast(sum(planned_gbp) as DECIMAL(18,2)) as planned_gbp
    from schemes group by all)
select authority, authority_code, paper_year, paper_first_fy, document_id, rag, schemes,
       case when rag <> 'unrated' then round(schemes / sum(schemes) filter (
           where rag <> 'unrated') over (partition by document_id), 4) end as share_of_rated,
       planned_gbp,
       case when rag <> 'unrated' then round(cast(planned_gbp as double) / nullif(cast(sum(
           planned_gbp) filter (where rag <> 'unrated') over (partition by document_id)
           as double), 0), 4) end as share_of_planned
from mix
order by authority, paper_first_fy nulls last, document_id,
         case rag when 'Red' then 0 when 'Amber' then 1 when 'Green' then 2 when 'Blue' then 3
                  when 'unrated' then 9 else 5 end, rag;
