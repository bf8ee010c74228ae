-- Timed: who is quoted most, and in how many stories.
select
    coalesce(speaker_canonical, speaker) as speaker,
    count(*) as quotes,
    count(distinct story_id) as stories
from quotes
where speaker is not null
group by 1
order by quotes desc, speaker
limit 20
