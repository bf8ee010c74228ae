-- The report's headline numbers over the stories published in [$since, $until] (either may
-- be null: no bound; a story with no date is counted only when neither bound is set).
with selected as (
    select story_id, duplicate_of, published_date, agency, language
    from stories
    where ($since::date is null or published_date >= $since::date)
      and ($until::date is null or published_date <= $until::date)
)

select
    count(*) as stories,
    count(*) filter (where duplicate_of is not null) as duplicates,
    min(published_date) as first_published,
    max(published_date) as last_published,
    count(distinct agency) as agencies,
    count(distinct language) as languages,
    (select count(*) from entities semi join selected using (story_id)) as entities,
    (select count(*) from timexes semi join selected using (story_id)) as timexes,
    (select count(*) from quotes semi join selected using (story_id)) as quotes
from selected
