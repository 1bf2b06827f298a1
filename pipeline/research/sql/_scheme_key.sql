-- _scheme_key(label): what follows a scheme across papers: the row label's letters and
-- digits, lower-cased, without anything in parentheses (the label itself, lower-cased, when
-- that leaves nothing); null for no label.
create or replace macro _scheme_key(label) as
coalesce(nullif(regexp_replace(regexp_replace(lower(label), '\([^)]*\)', '', 'g'),
                               '[^a-z0-9]+', '', 'g'), ''),
         lower(label));
