-- _planned_delivered: each paper's scheme rows with the planned figure beside the revised,
-- forecast or achieved one for the same fiscal years: all of planned_vs_delivered but the
-- council and paper year, which the view joins from `_documents`. Kept per paper because
-- it depends on nothing outside the paper; made like _savings_base (views.py,
-- pipeline.load), from its rows, so it is made after it.
--
-- planned_measures (in braces below) is filled in with pipeline.signs.PLANNED_MEASURES.
with roles as (
    select *, case when measure in ({planned_measures}) then 'planned'
                   when measure in ('revised', 'forecast', 'achieved') then measure end as role
    from _savings_base
    where first_fy is not null
      and ($ids::varchar[] is null or list_contains($ids::varchar[], document_id))),
per as (
    select document_id, table_index, row_index, min(page) as page, section, row_label,
           category, rag, is_total, fiscal_year, first_fy, last_fy,
           arg_min(saving_gbp, x0) filter (where role = 'planned') as planned_gbp,
           arg_min(column_label, x0) filter (where role = 'planned') as planned_column,
           arg_min(saving_gbp, x0) filter (where role = 'revised') as revised_gbp,
           arg_min(column_label, x0) filter (where role = 'revised') as revised_column,
           arg_min(saving_gbp, x0) filter (where role = 'forecast') as forecast_gbp,
           arg_min(column_label, x0) filter (where role = 'forecast') as forecast_column,
           arg_min(saving_gbp, x0) filter (where role = 'achieved') as achieved_gbp,
           arg_min(column_label, x0) filter (where role = 'achieved') as achieved_column
    from roles where role is not null
    group by document_id, table_index, row_index, section, row_label, category, rag,
             is_total, fiscal_year, first_fy, last_fy)
select *,
       coalesce(achieved_gbp, forecast_gbp, revised_gbp) as delivered_gbp,
       case when achieved_gbp is not null then 'achieved'
            when forecast_gbp is not null then 'forecast' else 'revised' end as delivered_basis,
       cast(planned_gbp - coalesce(achieved_gbp, forecast_gbp, revised_gbp) as DECIMAL(18,2))
           as gap_gbp,
       case when planned_gbp <> 0 then round(cast(coalesce(achieved_gbp, forecast_gbp,
           revised_gbp) as double) / cast(planned_gbp as double), 4) end as delivered_share
from per
where planned_gbp is not null
  and coalesce(achieved_gbp, forecast_gbp, revised_gbp) is not null
