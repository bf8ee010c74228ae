-- Timed: entity mentions per week and label (a join and a group by over every entity).
select date_trunc('week', s.published_date) as week, e.label, count(*) as mentions
from entities e
join stories s using (story_id)
where s.published_date is not null
group by all
order by week, label
