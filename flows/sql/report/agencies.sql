-- Stories per agency published in [$since, $until], and how many of them are copies.
select
    coalesce(agency, '(none)') as agency,
    count(*) as stories,
    count(*) filter (where duplicate_of is not null) as duplicates
from stories
where ($since::date is null or published_date >= $since::date)
  and ($until::date is null or published_date <= $until::date)
group by all
order by stories desc, agency
