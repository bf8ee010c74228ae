-- One row per story (a new version replaces the stored one in the same transaction).
--
-- Duplicates: ingest stores `duplicate_of` = the first copy seen (the group's root, a stable
-- group id, kept here as `duplicate_group`). The original a reader wants is the copy published
-- first, so this view re-points each group at its earliest published member:
--   1. the members with the group's earliest `published_date` are the candidates;
--   2. if every candidate has a time (`published_at`), the earliest time wins; if one has none,
--      the evidence cannot order them and the first seen candidate wins (so does any tie).
-- The original has `duplicate_of` null; a former root that is now a copy takes the kind and
-- similarity its new original was stored with (the relation is symmetric).
create or replace view stories as
with first_seen as (
    select story_id, min(commit_id) as first_commit
    from stored.story_versions
    group by story_id
),

newest as (
    select
        s.* exclude (minhash),
        coalesce(s.duplicate_of, s.story_id) as duplicate_group,
        coalesce(f.first_commit, s.commit_id) as first_commit
    from stored.stories as s
    left join first_seen as f using (story_id)
),

dated as (
    select
        *,
        -- null when no member has a date: then every member is a candidate
        min(published_date) over (partition by duplicate_group) as group_date,
        count(*) over (partition by duplicate_group) as group_size
    from newest
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
),

originals as (
    select
        c.duplicate_group,
        if(c.all_timed, c.first_timed, c.first_seen) as original,
        o.duplicate_kind as original_kind,
        o.duplicate_similarity as original_similarity
    from candidates as c
    inner join dated as o on o.story_id = if(c.all_timed, c.first_timed, c.first_seen)
)

select d.* exclude (first_commit, group_date, group_size) replace (
    case when o.original is null or d.story_id = o.original then null else o.original end
        as duplicate_of,
    case
        when o.original is null then d.duplicate_kind
        when d.story_id = o.original then null
        when d.story_id = d.duplicate_group then o.original_kind
        else d.duplicate_kind
    end as duplicate_kind,
    case
        when o.original is null then d.duplicate_similarity
        when d.story_id = o.original then null
        when d.story_id = d.duplicate_group then o.original_similarity
        else d.duplicate_similarity
    end as duplicate_similarity
)
from dated as d
left join originals as o using (duplicate_group)
