-- savings_per_head: savings_by_category per resident. population is the ONS mid-year estimate
-- of the authority (joined by GSS code) for the mid-year inside the fiscal year (mid-2019 for
-- 2019/20); saving_per_head_gbp = saving_gbp x (1 / population), the reciprocal worked out
-- exactly to 18 places in Python (reference.py), kept to 6 places: round to pence on display.
-- Where there is no population, saving_per_head_gbp is NULL and per_head_note says why
-- (population_note, in braces below, is filled in by views.py).
create or replace view savings_per_head as
select s.authority, s.authority_code, s.fiscal_year, s.first_fy, s.last_fy, s.category,
       s.measure, s.saving_gbp, p.mid_year as population_year, p.population,
       cast(s.saving_gbp * p.per_person as DECIMAL(38,6)) as saving_per_head_gbp,
       {population_note} as per_head_note,
       p.release as population_release, s.document_id, s.paper_year
from savings_by_category s
left join _population p on p.gss_code = s.authority_code and p.mid_year = s.first_fy
                       and s.first_fy = s.last_fy
order by s.authority, s.first_fy nulls last, s.last_fy, s.category, s.measure;
