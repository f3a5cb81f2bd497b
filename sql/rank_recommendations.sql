-- grain: one row per (account, alert, item_type, rank)
-- input: score_items, catalog_alerts, catalog_dashboards, similar_alerts (find_similar_alerts),
--        navigation_items (find_navigation_items)
-- params: :top_k, :model_version, :generated_at, :cold_alert_max_investigations,
--         :similar_alert_min_ratio
-- Every alert of the catalog (and every alert with evidence) gets a list per item type: its own
-- top items (strategy alert); for a cold alert (at most :cold_alert_max_investigations
-- investigations in the window) the items of its most similar warm alerts (those within
-- :similar_alert_min_ratio of the closest one's similarity), their scores weighted by similarity
-- (strategy similar_alerts); else the account's best items (strategy account). A
-- dashboard that is deleted or unknown to the catalog is never recommended, nor is a navigation
-- item (opened whatever the alert, like Home: it helps no investigation in particular). Ties are
-- broken by id.
with dashboards as (
  select account_id, dashboard_id, title, coalesce(deleted, false) as deleted
  from catalog_dashboards
),

eligible as (
  select
    s.*,
    case when s.item_type = 'dashboard' then d.title else s.label end as item_label
  from score_items as s
  left join dashboards as d
    on s.item_type = 'dashboard' and d.account_id = s.account_id and d.dashboard_id = s.item_id
  left anti join navigation_items as n
    on n.account_id = s.account_id and n.item_type = s.item_type and n.item_id = s.item_id
  where s.is_eligible
    and s.score > 0
    and (s.item_type = 'query' or (d.dashboard_id is not null and not d.deleted))
),

alert_ranked as (
  select
    *,
    row_number() over (
      partition by account_id, alert_id, item_type order by score desc, item_id
    ) as rank
  from eligible
),

alerts as (
  select account_id, alert_id from catalog_alerts
  union
  select account_id, alert_id from score_items
),

alert_evidence as (
  select account_id, alert_id, max(alert_n_investigations) as n_investigations
  from score_items
  group by account_id, alert_id
),

cold_alerts as (
  select a.account_id, a.alert_id
  from alerts as a
  left join alert_evidence as e on e.account_id = a.account_id and e.alert_id = a.alert_id
  where coalesce(e.n_investigations, 0) <= :cold_alert_max_investigations
),

-- a cold alert learns only from similar alerts with enough history of their own, and among them
-- from those about as close as the closest (at least :similar_alert_min_ratio of its similarity)
warm_similar as (
  select
    s.account_id,
    s.alert_id,
    s.similar_alert_id,
    s.similarity,
    s.basis,
    max(s.similarity) over (partition by s.account_id, s.alert_id) as best_similarity
  from similar_alerts as s
  left semi join cold_alerts as c on c.account_id = s.account_id and c.alert_id = s.alert_id
  left anti join cold_alerts as w
    on w.account_id = s.account_id and w.alert_id = s.similar_alert_id
),

teachers as (
  select account_id, alert_id, similar_alert_id, similarity, basis
  from warm_similar
  where similarity >= :similar_alert_min_ratio * best_similarity
),

teacher_weights as (
  select account_id, alert_id, sum(similarity) as sum_similarity
  from teachers
  group by account_id, alert_id
),

learned as (
  select
    t.account_id,
    t.alert_id,
    e.item_type,
    e.item_id,
    e.item_label,
    t.similar_alert_id,
    t.basis,
    t.similarity * e.score as contribution,
    e.n_investigations,
    e.alert_n_investigations
  from teachers as t
  inner join eligible as e on e.account_id = t.account_id and e.alert_id = t.similar_alert_id
),

learned_items as (
  select
    l.account_id,
    l.alert_id,
    l.item_type,
    l.item_id,
    max(l.item_label) as item_label,
    sum(l.contribution) / max(w.sum_similarity) as score,
    -- the reason names the alert that contributed most (ties: the smaller id)
    min_by(
      struct(l.similar_alert_id, l.basis, l.n_investigations, l.alert_n_investigations),
      struct(-l.contribution, l.similar_alert_id)
    ) as teacher
  from learned as l
  inner join teacher_weights as w on w.account_id = l.account_id and w.alert_id = l.alert_id
  group by l.account_id, l.alert_id, l.item_type, l.item_id
),

similar_ranked as (
  select
    *,
    row_number() over (
      partition by account_id, alert_id, item_type order by score desc, item_id
    ) as rank
  from learned_items
),

similar_lists as (
  select
    r.account_id,
    r.alert_id,
    r.item_type,
    r.rank,
    r.item_id,
    r.item_label,
    round(r.score, 9) as score,
    r.teacher.n_investigations as investigations,
    'similar_alerts' as strategy,
    format_string(
      'learned from "%s" (similar %s); %s in %d of %d of its investigations',
      coalesce(nullif(c.title, ''), r.teacher.similar_alert_id),
      r.teacher.basis,
      case when r.item_type = 'dashboard' then 'opened' else 'run' end,
      r.teacher.n_investigations,
      r.teacher.alert_n_investigations
    ) as reason
  from similar_ranked as r
  left join catalog_alerts as c
    on c.account_id = r.account_id and c.alert_id = r.teacher.similar_alert_id
  where r.rank <= :top_k
),

own_lists as (
  select
    account_id,
    alert_id,
    item_type,
    rank,
    item_id,
    item_label,
    score,
    n_investigations as investigations,
    'alert' as strategy,
    format_string(
      "%s in %d of %d investigations of this alert, %.1fx the account's rate; those resolved in a median %s",
      case when item_type = 'dashboard' then 'opened' else 'run' end,
      n_investigations,
      alert_n_investigations,
      lift,
      case
        when item_median_s < 90 then format_string('%d s', cast(round(item_median_s) as int))
        when item_median_s < 5400 then format_string('%d min', cast(round(item_median_s / 60) as int))
        else format_string('%.1f h', item_median_s / 3600)
      end
    ) as reason
  from alert_ranked
  where rank <= :top_k
),

-- a cold alert's own list (if any) gives way to what it learned from similar alerts
alert_lists as (
  select * from own_lists as o
  left anti join similar_lists as s
    on s.account_id = o.account_id and s.alert_id = o.alert_id and s.item_type = o.item_type
  union all
  select * from similar_lists
),

account_items as (
  select
    account_id,
    item_type,
    item_id,
    max(item_label) as item_label,
    sum(score) as score,
    sum(n_investigations) as investigations,
    count(distinct alert_id) as n_alerts
  from eligible
  group by account_id, item_type, item_id
),

account_ranked as (
  select
    *,
    row_number() over (partition by account_id, item_type order by score desc, item_id) as rank
  from account_items
),

item_types as (
  select explode(array('dashboard', 'query')) as item_type
),

needs_fallback as (
  select a.account_id, a.alert_id, t.item_type
  from alerts as a
  cross join item_types as t
  left anti join alert_lists as l
    on l.account_id = a.account_id and l.alert_id = a.alert_id and l.item_type = t.item_type
),

fallback_lists as (
  select
    n.account_id,
    n.alert_id,
    n.item_type,
    r.rank,
    r.item_id,
    r.item_label,
    round(r.score, 9) as score,
    r.investigations,
    'account' as strategy,
    format_string(
      'not enough history for this alert yet; %s in %d investigations across %d alert%s of this account',
      case when n.item_type = 'dashboard' then 'opened' else 'run' end,
      r.investigations,
      r.n_alerts,
      case when r.n_alerts = 1 then '' else 's' end
    ) as reason
  from needs_fallback as n
  inner join account_ranked as r
    on r.account_id = n.account_id and r.item_type = n.item_type
  where r.rank <= :top_k
),

final as (
  select
    account_id,
    alert_id,
    item_type,
    cast(rank as int) as rank,
    item_id,
    item_label,
    cast(score as double) as score,
    cast(investigations as bigint) as investigations,
    strategy,
    reason,
    :model_version as model_version,
    cast(:generated_at as timestamp) as generated_at
  from (
    select * from alert_lists
    union all
    select * from fallback_lists
  )
)

select * from final
