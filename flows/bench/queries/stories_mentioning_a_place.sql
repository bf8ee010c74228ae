-- Timed: the stories of a date range that mention one place (a filtered semi-join).
select s.story_id, s.published_date, s.headline
from stories s
where s.published_date between $start and $end
    and exists (
        select 1 from entities e where e.story_id = s.story_id and e.entity_key = $place
    )
order by s.published_date
