-- grain: one row per (account, item_type, item_id) that is a navigation item of its account
-- input: navigation_item_evidence (query families merged), navigation_alert_evidence: the
--        evidence days the lists are built from; params: :navigation_min_share,
--        :navigation_min_alerts
-- A navigation item is one the account's people open whatever the alert (a Home page, a team's
-- landing dashboard): averaged over the account's alerts with investigations in the window, the
-- share of an alert's investigations that used it is at least :navigation_min_share, and
-- investigations of at least :navigation_min_alerts different alerts used it. Every alert weighs
-- the same in the average, so the own dashboard of one busy alert is not navigation however many
-- of the account's investigations it appears in; the alert count keeps an account with one or two
-- alerts from losing their items. A background item (kind background) is opened rarely but whatever
-- the alert: investigations of at least :navigation_min_alerts alerts and of at least 80% of the
-- account's alerts used it, and the log-likelihood ratio G2 of "its use does not depend on the
-- alert" (over all the account's alerts, against its rate in all the account's investigations)
-- stays within its degrees of freedom (alerts - 1) plus three chi-square standard deviations.
-- The rules read usage only, never titles. Such an item helps no investigation in particular: the
-- lists and the next steps never offer it, the relevance gives it no label, the baselines do not
-- list it.
with alert_totals as (
  select account_id, alert_id, sum(n_investigations) as n_investigations
  from navigation_alert_evidence
  group by account_id, alert_id
  having sum(n_investigations) > 0
),

account_alerts as (
  select account_id, count(*) as n_alerts
  from alert_totals
  group by account_id
),

item_totals as (
  select account_id, alert_id, item_type, item_id, sum(n_investigations) as n_investigations
  from navigation_item_evidence
  group by account_id, alert_id, item_type, item_id
),

account_totals as (
  select account_id, sum(n_investigations) as n_investigations
  from alert_totals
  group by account_id
),

item_rates as (
  -- per (item, alert that used it): its investigations k of the alert's n, and the item's rate
  -- p over all the account's investigations
  select
    i.account_id,
    i.alert_id,
    i.item_type,
    i.item_id,
    cast(least(i.n_investigations, a.n_investigations) as double) as k,
    cast(a.n_investigations as double) as n,
    sum(least(i.n_investigations, a.n_investigations)) over (
      partition by i.account_id, i.item_type, i.item_id
    ) / t.n_investigations as p
  from item_totals as i
  join alert_totals as a on a.account_id = i.account_id and a.alert_id = i.alert_id
  join account_totals as t on t.account_id = i.account_id
),

item_spread as (
  -- per item: how many alerts used it, the sum over them of the share of their investigations
  -- that did (an alert that never used it adds 0 to the average below), and the part of the
  -- log-likelihood ratio G2 of "its use does not depend on the alert" from those alerts
  select
    account_id,
    item_type,
    item_id,
    count(*) as n_alerts_used,
    sum(k / n) as sum_alert_share,
    max(p) as p,
    sum(n) as n_used_alerts,
    sum(
      case when k > 0 then k * ln(k / (n * p)) else 0 end
      + case when n > k and p < 1 then (n - k) * ln((n - k) / (n * (1 - p))) else 0 end
    ) as g2_half_used
  from item_rates
  group by account_id, item_type, item_id
),

tested as (
  select
    s.account_id,
    s.item_type,
    s.item_id,
    s.n_alerts_used,
    c.n_alerts,
    s.sum_alert_share / c.n_alerts as mean_alert_share,
    -- an alert that never used the item adds n ln(1 / (1 - p)) to half of G2
    2 * (
      s.g2_half_used
      + case when s.p < 1 then -(t.n_investigations - s.n_used_alerts) * ln(1 - s.p) else 0 end
    ) as independence_g2
  from item_spread as s
  join account_alerts as c on c.account_id = s.account_id
  join account_totals as t on t.account_id = s.account_id
),

final as (
  select
    account_id,
    item_type,
    item_id,
    n_alerts_used,
    n_alerts,
    mean_alert_share,
    independence_g2,
    case
      when mean_alert_share >= :navigation_min_share then 'navigation'
      else 'background'
    end as kind
  from tested
  where n_alerts_used >= :navigation_min_alerts
    and (
      mean_alert_share >= :navigation_min_share
      -- used by nearly every alert, and at rates chance explains: G2 below its degrees of
      -- freedom (alerts - 1) plus three standard deviations of a chi-square
      or (n_alerts_used >= 0.8 * n_alerts
        and independence_g2 <= (n_alerts - 1) + 3 * sqrt(2 * (n_alerts - 1)))
    )
)

select * from final
