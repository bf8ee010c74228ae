-- The members of a story's duplicate group (the story itself included), original first.
with story as (
    select duplicate_group
    from stories
    where story_id = $story_id
)

select
    s.story_id,
    s.duplicate_of,
    s.duplicate_kind,
    s.duplicate_similarity,
    s.agency,
    s.published_date,
    s.source_uri,
    s.headline
from stories as s
semi join story using (duplicate_group)
order by s.duplicate_of is not null, s.published_date, s.story_id
