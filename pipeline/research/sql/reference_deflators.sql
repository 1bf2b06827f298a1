-- reference_deflators: the shipped HM Treasury GDP deflators (data/deflators.csv), one row per
-- financial year, as the real-terms figures use them.
create or replace view reference_deflators as
select first_fy, fiscal_year, gdp_deflator, is_forecast from _deflator order by first_fy;
