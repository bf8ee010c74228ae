-- The most mentioned people, organizations and places (by entity_key, with the canonical
-- name most used for it) in the stories published in [$since, $until]: $limit of each kind.
with selected as (
    select story_id
    from stories
    where ($since::date is null or published_date >= $since::date)
      and ($until::date is null or published_date <= $until::date)
),

kinded as (
    select
        case
            when label = 'PERSON' then 'people'
            when label = 'ORG' then 'organizations'
            when label in ('GPE', 'LOC', 'FAC') then 'places'
        end as kind,
        coalesce(entity_key, lower(label) || ':' || lower(text)) as entity,
        canonical,
        story_id
    from entities
    semi join selected using (story_id)
    where label in ('PERSON', 'ORG', 'GPE', 'LOC', 'FAC')
),

counted as (
    select
        kind,
        entity,
        mode(canonical) as canonical,
        count(*) as mentions,
        count(distinct story_id) as stories
    from kinded
    group by kind, entity
)

select kind, entity as entity_key, canonical, mentions, stories
from counted
qualify row_number() over (partition by kind order by mentions desc, entity) <= $limit
order by kind, mentions desc, entity
