-- savings_real: savings_by_category in real terms, at the prices of base_year (the latest
-- outturn year of the shipped HM Treasury GDP deflators unless pipeline trends --prices says
-- otherwise). real_gbp = saving_gbp x deflator(base) / deflator(year), the factor worked out
-- exactly to 18 places in Python (reference.py), kept to 6 places: round to pence on display.
-- Where there is no deflator (a span of years, a year outside the series) real_gbp is NULL
-- and real_note says why (deflator_note, in braces below, is filled in by views.py).
create or replace view savings_real as
select s.authority, s.authority_code, s.fiscal_year, s.first_fy, s.last_fy, s.category,
       s.measure, s.saving_gbp, d.gdp_deflator, d.is_forecast as deflator_is_forecast,
       _fy_label({base_fy}, {base_fy}) as base_year, f.factor as price_factor,
       cast(s.saving_gbp * f.factor as DECIMAL(38,6)) as real_gbp,
       {deflator_note} as real_note, s.document_id, s.paper_year
from savings_by_category s
left join _deflator d on d.first_fy = s.first_fy and s.first_fy = s.last_fy
left join _price_factor f on f.first_fy = s.first_fy and f.base_fy = {base_fy}
                         and s.first_fy = s.last_fy
order by s.authority, s.first_fy nulls last, s.last_fy, s.category, s.measure;
