-- One row per story: the newest committed version of each story_id.
create or replace view stories as
with ranked as (
    select
        *,
        row_number() over (partition by story_id order by commit_id desc) as version_rank
    from story_versions
)

select * exclude (version_rank, minhash)
from ranked
where version_rank = 1
