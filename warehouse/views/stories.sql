-- One row per story (a new version replaces the stored one in the same transaction).
--
-- Duplicates: ingest stores `duplicate_of` = the first copy seen (the group's root, a stable
-- group id, kept here as `duplicate_group`). The original a reader wants is the copy published
-- first: each commit stores it per group in `stored.story_groups` (the rule is in
-- `warehouse/lake/story_groups.sql`), and this view re-points the group's members at it. The
-- original has `duplicate_of` null; a former root that is now a copy takes the kind and
-- similarity its new original was stored with; a copy alone in its group is nobody's copy.
create or replace view stories as
with current_stories as (
    select
        * exclude (minhash),
        coalesce(duplicate_of, story_id) as duplicate_group
    from stored.stories
)

select s.* replace (
    case when g.original is null or s.story_id = g.original then null else g.original end
        as duplicate_of,
    case
        when g.original is null then s.duplicate_kind
        when s.story_id = g.original then null
        when s.story_id = s.duplicate_group then g.original_kind
        else s.duplicate_kind
    end as duplicate_kind,
    case
        when g.original is null then s.duplicate_similarity
        when s.story_id = g.original then null
        when s.story_id = s.duplicate_group then g.original_similarity
        else s.duplicate_similarity
    end as duplicate_similarity
)
from current_stories as s
left join stored.story_groups as g using (duplicate_group)
