-- Stories that talk about September 2023 (whenever they were published)
select distinct s.headline, s.published_date
from timexes t join stories s using (story_id)
where t.range_start <= date '2023-09-30' and t.range_end >= date '2023-09-01'
