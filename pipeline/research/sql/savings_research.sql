-- savings_research: Every money figure with its fiscal-year label, scheme category (first
-- taxonomy rule that matches), and saving_gbp = amount_gbp x the table's sign (savings
-- positive).
--
-- The category of each (section, row label) is worked out once and kept in
-- _figure_categories (views.py: refresh_categories, after every load); a label loaded
-- since is matched here by figure_category (in braces below), filled in from the taxonomy
-- rules: a CASE giving the position of the first rule that matches the row label or
-- section. Fiscal-year labels come from the small _fy_labels table the same way, so a
-- query over a million figures formats no year and runs no pattern per row. No ORDER BY:
-- a view's order is not part of it, and a sort here would be paid by every group-by.
create or replace view savings_research as
with papers as (
    select document_id, first_fy as paper_first_fy,
           _fy_label(first_fy, first_fy) as paper_year
    from _documents)
select s.*,
       case when s.first_fy is not null
            then coalesce(p.label, _fy_label(s.first_fy, s.last_fy)) end as fiscal_year,
       d.paper_first_fy, d.paper_year,
       coalesce(x.category, 'other') as category, x.rule as category_rule,
       coalesce(t.sign, 1) as sign, t.sign_rule,
       cast(s.amount_gbp * coalesce(t.sign, 1) as DECIMAL(18,2)) as saving_gbp
from savings s
join papers d on d.document_id = s.document_id
left join _tables t on t.document_id = s.document_id and t.table_index = s.table_index
left join _fy_labels p on p.first_fy = s.first_fy
                      and p.last_fy = coalesce(s.last_fy, s.first_fy)
left join _figure_categories c on c.section_key = coalesce(s.section, '')
                              and c.label_key = coalesce(s.row_label, '')
left join _taxonomy x
       on x.ord = case when c.label_key is not null then c.ord else {figure_category} end;
