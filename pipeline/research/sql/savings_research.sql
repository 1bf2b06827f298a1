-- savings_research: Every money figure with its fiscal-year label, scheme category (first
-- taxonomy rule that matches), and saving_gbp = amount_gbp x the table's sign (savings
-- positive).
--
-- figure_category (in braces below) is filled in from the taxonomy rules (views.py): a CASE giving
-- the position of the first rule that matches the row label or section.
create or replace view savings_research as
with labels as (select distinct section, row_label from _figures),
cats as (select section, row_label, {figure_category} as ord from labels)
select s.*, _fy_label(s.first_fy, s.last_fy) as fiscal_year,
       d.first_fy as paper_first_fy, _fy_label(d.first_fy, d.first_fy) as paper_year,
       coalesce(x.category, 'other') as category, x.rule as category_rule,
       coalesce(t.sign, 1) as sign, t.sign_rule,
       cast(s.amount_gbp * coalesce(t.sign, 1) as DECIMAL(18,2)) as saving_gbp
from savings s
join _documents d on d.document_id = s.document_id
left join _tables t on t.document_id = s.document_id and t.table_index = s.table_index
left join cats c on c.section is not distinct from s.section
                and c.row_label is not distinct from s.row_label
left join _taxonomy x on x.ord = c.ord
order by s.document_id, s.table_index, s.row_index, s.x0;
