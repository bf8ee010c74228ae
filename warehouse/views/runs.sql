-- One row per finished flow run: counts, timings, model and pipeline version.
create or replace view runs as
with ranked as (
    select
        *,
        row_number() over (partition by run_id order by commit_id desc) as version_rank
    from read_parquet({{ files.runs }}, union_by_name = true)
)

select * exclude (version_rank)
from ranked
where version_rank = 1
