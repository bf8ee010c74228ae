-- The stories a reference names, best kind of match first: an exact story_id, then a source
-- (its path or URL as given, or the local path made absolute), then a story_id prefix.
-- Only the best kind is returned, at most $limit rows, so a caller can tell one from many.
with matches as (
    select story_id, source_uri, item_key, 1 as match_rank
    from stories
    where story_id = $ref

    union all

    select story_id, source_uri, item_key, 2 as match_rank
    from stories
    where source_uri = $ref or source_uri = $path

    union all

    select story_id, source_uri, item_key, 3 as match_rank
    from stories
    where starts_with(story_id, $ref)
),

best as (
    select min(match_rank) as match_rank
    from matches
)

select story_id, source_uri, item_key
from matches
semi join best using (match_rank)
order by source_uri, item_key, story_id
limit $limit
