-- savings_research: Every money figure with its fiscal-year label, scheme category (first
-- taxonomy rule that matches), and saving_gbp = amount_gbp x the table's sign (savings
-- positive).
--
-- The category of each (section, row label) is worked out once and kept in
-- _figure_categories (views.py: refresh_categories, after every load); a label loaded
-- since is matched here by figure_category (in braces below), filled in from the taxonomy
-- rules: a CASE giving the position of the first rule that matches the row label or
-- section. Fiscal-year labels come from the small _fy_labels table the same way, so a
-- query over a million figures formats no year and runs no pattern per row. The columns
-- of `savings` come first, read from the base tables with one join each (savings itself
-- joins the same tables). No ORDER BY: a view's order is not part of it, and a sort here
-- would be paid by every group-by.
create or replace view savings_research as
with papers as (
    select document_id, authority, authority_code, first_fy as paper_first_fy,
           _fy_label(first_fy, first_fy) as paper_year
    from _documents)
select f.document_id, d.authority, d.authority_code, f.page, f.table_index, f.section,
       f.row_label, f.rag, f.column_label, f.measure, f.first_fy, f.last_fy, f.amount_gbp,
       f.is_total, f.footnote, f.x0, f.top, f.x1, f.bottom, f.row_index, f.printed,
       f.unit as printed_unit, f.ref, f.attributes, f.unit_source, f.period_source,
       case when f.first_fy is not null
            then coalesce(p.label, _fy_label(f.first_fy, f.last_fy)) end as fiscal_year,
       d.paper_first_fy, d.paper_year,
       coalesce(x.category, 'other') as category, x.rule as category_rule,
       coalesce(t.sign, 1) as sign, t.sign_rule,
       cast(f.amount_gbp * coalesce(t.sign, 1) as DECIMAL(18,2)) as saving_gbp
from _figures f
join papers d on d.document_id = f.document_id
left join _tables t on t.document_id = f.document_id and t.table_index = f.table_index
left join _fy_labels p on p.first_fy = f.first_fy
                      and p.last_fy = coalesce(f.last_fy, f.first_fy)
left join _figure_categories c on c.section_key = coalesce(f.section, '')
                              and c.label_key = coalesce(f.row_label, '')
left join _taxonomy x
       on x.ord = case when c.label_key is not null then c.ord else {figure_category} end
where coalesce(t.kind, 'money') = 'money';
