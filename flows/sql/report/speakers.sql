-- The most quoted speakers (by speaker_key, with the canonical name most used for them) in
-- the stories published in [$since, $until]; unattributed quotes are left out.
with selected as (
    select story_id
    from stories
    where ($since::date is null or published_date >= $since::date)
      and ($until::date is null or published_date <= $until::date)
)

select
    speaker_key,
    mode(coalesce(speaker_canonical, speaker)) as speaker,
    count(*) as quotes,
    count(distinct story_id) as stories
from quotes
semi join selected using (story_id)
where speaker_key is not null
group by speaker_key
order by quotes desc, speaker_key
limit $limit
