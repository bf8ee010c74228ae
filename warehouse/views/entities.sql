-- Named-entity mentions of the current version of each story.
-- Rows written for a superseded version (a re-ingested or re-enriched story) are hidden.
create or replace view entities as
with mentions as (
    select *
    from read_parquet({{ files.entities }}, union_by_name = true)
),

current_versions as (
    select story_id, commit_id
    from stories
)

select mentions.*
from mentions
semi join current_versions using (story_id, commit_id)
