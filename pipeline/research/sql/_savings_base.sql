-- _savings_base: the per-figure part of savings_research, worked out when papers are loaded
-- rather than at every query: each money figure of `_figures` with its fiscal-year label,
-- category (first taxonomy rule that matches), sign and saving_gbp, and the scheme key
-- scheme_history follows schemes by, with its number (_scheme_ids, derived.py). What
-- belongs to the paper (council, paper year) is not here: the views join `_documents` for
-- it, so attributing a paper to a council later changes no row of this table.
--
-- A select, not a statement: views.py makes the table from it, and pipeline.load runs
-- "insert ... <this select>" for the papers of each load, in the load's own transaction
-- ($ids: the document_ids loaded, or null for all). The category and scheme key of each
-- (section, row label) come from _figure_categories, and the key's number from
-- _scheme_ids, which the statements before this one fill for the labels of these papers;
-- fiscal-year labels come from the small _fy_labels table. A label missing from either is
-- a defect, so it stops the load (error()) rather than be put in 'other' or merged with
-- the unlabelled rows. The taxonomy's patterns are not repeated here as a fallback: they
-- made this statement slow to plan, and a load runs it once for each paper.
--
-- The lookups are joined first, narrow, for only the labels of these papers (`k`), and the
-- paper's figures last, so DuckDB streams the figures through the join rather than build
-- a hash table of them: with the lookups joined to the figures one by one, it built its
-- tables on the figures, every column of them, which made a 300-page paper's load take
-- about 15 MB more memory than a 50-page one's (benchmarks/reliability.py memory).
with k as (
    select c.section_key, c.label_key, c.scheme_key, x.category, x.rule, s.scheme_id
    from _figure_categories c
    left join _scheme_ids s on s.scheme_key = c.scheme_key
    left join _taxonomy x on x.ord = c.ord
    where (c.section_key, c.label_key) in (
        select (coalesce(section, ''), coalesce(row_label, '')) from _figures
        where $ids::varchar[] is null or list_contains($ids::varchar[], document_id)))
select f.document_id, f.page, f.table_index, f.section, f.row_label, f.rag, f.column_label,
       f.measure, f.first_fy, f.last_fy, f.amount_gbp, f.is_total, f.footnote, f.x0, f.top,
       f.x1, f.bottom, f.row_index, f.printed, f.unit as printed_unit, f.ref, f.attributes,
       f.unit_source, f.period_source,
       case when f.first_fy is not null
            then coalesce(p.label, _fy_label(f.first_fy, f.last_fy)) end as fiscal_year,
       coalesce(k.category,
                case when k.label_key is null
                     then error('_savings_base: a label with no category') end,
                'other') as category,
       k.rule as category_rule,
       coalesce(t.sign, 1) as sign, t.sign_rule,
       cast(f.amount_gbp * coalesce(t.sign, 1) as DECIMAL(18,2)) as saving_gbp,
       case when f.row_label is not null then k.scheme_key end as scheme_key,
       case when f.row_label is not null
            then coalesce(k.scheme_id, error('_savings_base: a scheme key with no number'))
            end as scheme_id
from _figures f
left join _tables t on t.document_id = f.document_id and t.table_index = f.table_index
left join _fy_labels p on p.first_fy = f.first_fy
                      and p.last_fy = coalesce(f.last_fy, f.first_fy)
left join k on k.section_key = coalesce(f.section, '')
           and k.label_key = coalesce(f.row_label, '')
where coalesce(t.kind, 'money') = 'money'
  and ($ids::varchar[] is null or list_contains($ids::varchar[], f.document_id))
