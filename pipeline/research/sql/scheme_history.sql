-- scheme_history: Each scheme followed across one authority's papers; scheme_key is the row
-- label's letters and digits, lower-cased, without anything in parentheses.
create or replace view scheme_history as
with keyed as (
    select *, coalesce(nullif(regexp_replace(regexp_replace(lower(row_label),
               '\([^)]*\)', '', 'g'), '[^a-z0-9]+', '', 'g'), ''),
               lower(row_label)) as scheme_key,
           coalesce(authority_code, authority, document_id) as akey
    from savings_research where not is_total)
select authority, authority_code, scheme_key, paper_year, paper_first_fy, document_id, page,
       section, row_label, category, rag, column_label, measure, fiscal_year, first_fy,
       last_fy, saving_gbp,
       count(distinct document_id) over (partition by akey, scheme_key) as papers
from keyed
order by authority, scheme_key, paper_first_fy nulls last, document_id, first_fy, last_fy,
         x0;
