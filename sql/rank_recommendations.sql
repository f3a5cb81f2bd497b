-- grain: one row per (account, alert, item_type, rank)
-- input: score_items, catalog_alerts, catalog_dashboards
-- params: :top_k, :model_version, :generated_at
-- Every alert of the catalog (and every alert with evidence) gets a list per item type: its own
-- top items (strategy alert), else the account's best items (strategy account). A dashboard that
-- is deleted or unknown to the catalog is never recommended. Ties are broken by item id.
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

alert_lists as (
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

alerts as (
  select account_id, alert_id from catalog_alerts
  union
  select account_id, alert_id from score_items
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
