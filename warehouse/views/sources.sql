-- The manifest: the latest state of every source file seen (what makes re-runs incremental).
create or replace view sources as
with ranked as (
    select
        *,
        row_number() over (partition by source_uri order by commit_id desc) as version_rank
    from read_parquet({{ files.sources }}, union_by_name = true)
)

select * exclude (version_rank)
from ranked
where version_rank = 1
