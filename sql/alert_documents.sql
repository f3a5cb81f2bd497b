-- grain: one row per (account, alert) of the catalog or with scored evidence
-- input: catalog_alerts, score_items
-- What FindSimilarAlerts compares: the alert's title, and its action profile, the items its
-- investigations used more often than the account's average investigation (score > 0: Home-like
-- items everyone opens would make every alert look alike).
with evidence as (
  select
    account_id,
    alert_id,
    max(alert_n_investigations) as n_investigations,
    array_sort(collect_set(
      case when score > 0 then concat(item_type, ':', item_id) end
    )) as profile_items
  from score_items
  group by account_id, alert_id
),

alerts as (
  select account_id, alert_id from catalog_alerts
  union
  select account_id, alert_id from score_items
),

final as (
  select
    a.account_id,
    a.alert_id,
    coalesce(c.title, '') as title,
    coalesce(e.profile_items, cast(array() as array<string>)) as profile_items,
    coalesce(e.n_investigations, 0) as n_investigations
  from alerts as a
  left join catalog_alerts as c on c.account_id = a.account_id and c.alert_id = a.alert_id
  left join evidence as e on e.account_id = a.account_id and e.alert_id = a.alert_id
)

select * from final
