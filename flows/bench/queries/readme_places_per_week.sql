-- Places mentioned per week, in any language (Москва, Moscou and Moscow share a key)
select cast(date_trunc('week', s.published_date) as date) as week, e.entity_key,
       mode(e.canonical) as place, any_value(e.country_code) as country, count(*) as mentions
from entities e join stories s using (story_id)
where e.label in ('GPE', 'LOC') and s.duplicate_of is null
group by week, e.entity_key order by week, mentions desc
