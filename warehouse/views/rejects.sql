-- Inputs that could not become a story, with the reason; one row per input per run that
-- rejected it (permanent rejects are not retried, transient ones are, on the next run).
create or replace view rejects as
select *
from read_parquet('{{ root }}/commits/*/rejects.parquet', union_by_name = true)
