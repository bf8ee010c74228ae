-- One story's entities, one row per entity (entity_key; the mention text when it has none):
-- the canonical name, label, how often the story mentions it, its place on the map.
with mentions as (
    select
        coalesce(entity_key, 'text:' || lower(text)) as entity,
        entity_key,
        canonical,
        label,
        text,
        country_code,
        latitude,
        longitude,
        start_char
    from entities
    where story_id = $story_id
)

select
    entity_key,
    any_value(canonical order by start_char) as canonical,
    mode(label) as label,
    count(*) as mentions,
    list(distinct text order by text) as texts,
    any_value(country_code) as country_code,
    any_value(latitude) as latitude,
    any_value(longitude) as longitude
from mentions
group by entity, entity_key
order by mentions desc, canonical
