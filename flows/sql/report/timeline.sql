-- Per month: the stories published then, and the dates the stories talk about that fall in
-- it. A date in the text counts at the middle of its range, and only when that range is a
-- quarter or shorter: "2019" or "the 1990s" name no month.
with selected as (
    select story_id, published_date
    from stories
    where ($since::date is null or published_date >= $since::date)
      and ($until::date is null or published_date <= $until::date)
),

published as (
    select date_trunc('month', published_date)::date as month, count(*) as stories
    from selected
    where published_date is not null
    group by all
),

mentioned as (
    select
        date_trunc(
            'month', range_start + ((range_end - range_start) // 2)::integer
        )::date as month,
        count(*) as dates
    from timexes
    semi join selected using (story_id)
    where type = 'DATE'
      and range_start is not null
      and range_end is not null
      and range_end - range_start <= 92
    group by all
)

select month, coalesce(p.stories, 0) as published, coalesce(m.dates, 0) as mentioned
from published as p
full outer join mentioned as m using (month)
order by month
