-- Inputs that could not become a story, with the reason: one row per input per run that
-- rejected it. Permanent rejects are not retried; transient ones are, on the next run.
create or replace view rejects as
with ranked as (
    select
        *,
        row_number() over (
            partition by source_uri, item_key, run_id order by commit_id desc
        ) as copy_rank
    from stored.rejects
)

select * exclude (copy_rank)
from ranked
where copy_rank = 1
