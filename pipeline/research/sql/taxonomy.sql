-- taxonomy: The taxonomy rules in the order they are tried (from the taxonomy CSV).
create or replace view taxonomy as
select ord, priority, category, pattern, applies_to, rule, note from _taxonomy order by ord;
