-- claims_research: claims plus the fiscal-year label and the scheme category: the heading a
-- claim sits under counts as its row label, its sentence as the section.
--
-- As for savings_research, the category of each (subject, sentence) is kept in
-- _claim_categories; one loaded since is matched by claim_category (in braces below),
-- filled in from the taxonomy rules (views.py) and matched against the subject (heading)
-- and the sentence.
create or replace view claims_research as
select c.*, _fy_label(c.first_fy, c.last_fy) as fiscal_year,
       coalesce(x.category, 'other') as category, x.rule as category_rule
from claims c
left join _claim_categories k on k.subject_key = coalesce(c.subject, '')
                             and k.sentence_key = coalesce(c.sentence, '')
left join _taxonomy x
       on x.ord = case when k.subject_key is not null then k.ord else {claim_category} end;
