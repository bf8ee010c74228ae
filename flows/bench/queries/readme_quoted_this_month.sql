-- The people quoted most this month, across stories: speaker_key is the person's
-- entity_key (fullest name, titles off), so "Aliyev" and "President Ilham Aliyev" count
-- as one; the rule and its limits: docs/quality.md#entity-keys
select q.speaker_key, mode(q.speaker_canonical) as speaker,
       count(*) as quotes, count(distinct q.story_id) as stories
from quotes q join stories s using (story_id)
where q.speaker_key like 'person:%' and s.duplicate_of is null
  and s.published_date >= date_trunc('month', current_date)
group by 1 order by quotes desc, speaker limit 10
