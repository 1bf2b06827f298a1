-- claims_research: claims plus the fiscal-year label and the scheme category: the heading a
-- claim sits under counts as its row label, its sentence as the section.
--
-- claim_category (in braces below) is filled in from the taxonomy rules (views.py), matched against
-- the subject (heading) and the sentence.
create or replace view claims_research as
with labels as (select distinct subject, sentence from _claims),
cats as (select subject, sentence, {claim_category} as ord from labels)
select c.*, _fy_label(c.first_fy, c.last_fy) as fiscal_year,
       coalesce(x.category, 'other') as category, x.rule as category_rule
from claims c
left join cats k on k.subject is not distinct from c.subject
                and k.sentence is not distinct from c.sentence
left join _taxonomy x on x.ord = k.ord;
