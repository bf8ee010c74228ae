-- Temporal expressions (TIMEX3) of the current version of each story.
-- Rows written for a superseded version (a re-ingested or re-enriched story) are hidden.
create or replace view timexes as
with mentions as (
    select *
    from read_parquet({{ files.timexes }}, union_by_name = true)
),

current_versions as (
    select story_id, commit_id
    from stories
)

select mentions.*
from mentions
semi join current_versions using (story_id, commit_id)
