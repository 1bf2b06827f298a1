-- reference_population: the shipped ONS mid-year population estimates (data/population.csv),
-- one row per council (GSS code) and mid-year, as the per-head figures use them.
create or replace view reference_population as
select gss_code as authority_code, name as authority, mid_year, population, release
from _population order by gss_code, mid_year;
