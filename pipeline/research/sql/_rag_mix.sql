-- _rag_mix: each paper's schemes by RAG rating (tables with a RAG column only): counts,
-- shares, and the planned savings they carry: all of rag_mix but the council and paper
-- year, which the view joins from `_documents`. Every step stays inside one paper (the
-- shares are of the paper's rated schemes), so it is kept per paper; made like
-- _savings_base (views.py, pipeline.load), from its rows, so it is made after it.
--
-- planned_measures (in braces below) is filled in with pipeline.signs.PLANNED_MEASURES.
with rated_tables as (
    select document_id, table_index from _figures
    where $ids::varchar[] is null or list_contains($ids::varchar[], document_id)
    group by all having count(rag) > 0),
schemes as (
    select r.document_id, r.table_index, r.row_index, any_value(r.rag) as rag,
           arg_min(r.saving_gbp, r.x0) filter (where r.measure in ({planned_measures})) as planned_gbp
    from _savings_base r join rated_tables using (document_id, table_index)
    where not r.is_total
    group by all),
mix as (
    select document_id, coalesce(rag, 'unrated') as rag, count(*) as schemes,
           cast(sum(planned_gbp) as DECIMAL(18,2)) as planned_gbp
    from schemes group by all)
select document_id, rag, schemes,
       case when rag <> 'unrated' then round(schemes / sum(schemes) filter (
           where rag <> 'unrated') over (partition by document_id), 4) end as share_of_rated,
       planned_gbp,
       case when rag <> 'unrated' then round(cast(planned_gbp as double) / nullif(cast(sum(
           planned_gbp) filter (where rag <> 'unrated') over (partition by document_id)
           as double), 0), 4) end as share_of_planned
from mix
