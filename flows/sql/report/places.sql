-- Places on the map: one point per entity_key with coordinates, sized by its mentions in
-- the stories published in [$since, $until]; the most mentioned $limit.
with selected as (
    select story_id
    from stories
    where ($since::date is null or published_date >= $since::date)
      and ($until::date is null or published_date <= $until::date)
)

select
    entity_key,
    mode(canonical) as canonical,
    any_value(country_code) as country_code,
    avg(latitude) as latitude,
    avg(longitude) as longitude,
    count(*) as mentions,
    count(distinct story_id) as stories
from entities
semi join selected using (story_id)
where latitude is not null and longitude is not null and entity_key is not null
group by entity_key
order by mentions desc, entity_key
limit $limit
