-- Stories per language published in [$since, $until].
select coalesce(language, '(unknown)') as language, count(*) as stories
from stories
where ($since::date is null or published_date >= $since::date)
  and ($until::date is null or published_date <= $until::date)
group by all
order by stories desc, language
