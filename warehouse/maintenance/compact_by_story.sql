-- Rows of a story table (stories, entities, timexes, quotes) in the commits being merged that
-- belong to a story's current version; superseded versions' rows are dropped.
select f.*
from read_parquet($files, union_by_name = true) as f
where exists (
    select 1 from stories as c
    where f.story_id = c.story_id and f.commit_id = c.commit_id
)
