-- The original of each group of copies named in `storywire_groups` (a group is its first
-- seen copy's id: what ingest stores as `duplicate_of`). The original a reader wants is the
-- copy published first:
--   1. the members with the group's earliest `published_date` are the candidates;
--   2. if every candidate has a time (`published_at`), the earliest time wins; if one has none,
--      the evidence cannot order them and the first seen candidate wins (so does any tie).
-- A group of one story has no row. The original's own kind and similarity go with it: a
-- former root that is now a copy takes them (the relation is symmetric).
with members as (
    select
        story_id,
        commit_id,
        published_date,
        published_at,
        duplicate_kind,
        duplicate_similarity,
        coalesce(duplicate_of, story_id) as duplicate_group
    from stored.stories
    where coalesce(duplicate_of, story_id) in (select duplicate_group from storywire_groups)
),

first_seen as (
    select story_id, min(commit_id) as first_commit
    from stored.story_versions
    where story_id in (select story_id from members)
    group by story_id
),

dated as (
    select
        m.*,
        coalesce(f.first_commit, m.commit_id) as first_commit,
        -- null when no member has a date: then every member is a candidate
        min(m.published_date) over (partition by m.duplicate_group) as group_date,
        count(*) over (partition by m.duplicate_group) as group_size
    from members as m
    left join first_seen as f using (story_id)
),

candidates as (
    select
        duplicate_group,
        bool_and(published_at is not null) as all_timed,
        arg_min(story_id, (story_id <> duplicate_group, first_commit, story_id)) as first_seen,
        arg_min(story_id, (published_at, story_id <> duplicate_group, first_commit, story_id))
            as first_timed
    from dated
    where group_size > 1 and (group_date is null or published_date = group_date)
    group by duplicate_group
)

select
    c.duplicate_group,
    o.story_id as original,
    o.duplicate_kind as original_kind,
    o.duplicate_similarity as original_similarity
from candidates as c
inner join dated as o on o.story_id = if(c.all_timed, c.first_timed, c.first_seen)
