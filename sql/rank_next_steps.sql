-- grain: one row per (account, alert, after item, next item): the first :top_k next items of each
-- item type (type_rank), ranked over both types (rank, 1 is best)
-- input: transition_evidence_window (stored daily transition evidence of the window),
-- query_family_map (merge_query_families), next_step_item_evidence (item evidence keyed by family,
-- for the query labels), alert_evidence_window, catalog_alerts, catalog_dashboards, similar_alerts
-- (find_similar_alerts), recommendations (rank_recommendations: the items shown when the alert
-- opens), item_scores (score_items: each alert's share of investigations using each item),
-- navigation_items (find_navigation_items); params: :top_k, :prior_weight,
-- :cold_alert_max_investigations, :similar_alert_min_ratio, :model_version, :generated_at
-- For an alert and an item a user has just used (the after item A), each next item B is scored by
-- shares shrunk level by level, each toward the one below it, with w = prior_weight:
--   share     = (n(A->B) + w x (alert(B) + peers(A->B)) / 2) / (n(A->) + w)
--   alert(B)  = (m(B) + w x used(B)) / (m + w)
--     n(A->B)   this alert's resolved investigations that went from A to B, closer to the stop
--     n(A->)    this alert's resolved investigations that went from A anywhere
--     m(B), m   this alert's next steps that went to B (after any item), and all of them
--     used(B)   the share of this alert's investigations that used B at all (score_items)
--     peers     a cold alert: the similarity-weighted share of its similar warm alerts after A;
--               else the share after A among the account's *other* alerts (the alert left out)
--   score = share x (1 - background(B)), background(B) the share of the next steps of the
--     account's *other* alerts that went to B: what everyone opens next anyway (Home) is held
--     back; an account with one alert has no background
-- After items are those the alert's own investigations went on from, plus the items of its list.
-- The after item itself, navigation items (Home: opened whatever the alert) and deleted or unknown
-- dashboards are never suggested; ties go by id.
with mapped as (
  select
    e.account_id,
    e.alert_id,
    e.after_item_type,
    coalesce(fa.family_id, e.after_item_id) as after_item_id,
    e.item_type,
    coalesce(fb.family_id, e.item_id) as item_id,
    e.investigations_sketch,
    e.users_sketch,
    e.durations_s
  from transition_evidence_window as e
  left join query_family_map as fa
    on e.after_item_type = 'query' and fa.account_id = e.account_id
    and fa.item_id = e.after_item_id
  left join query_family_map as fb
    on e.item_type = 'query' and fb.account_id = e.account_id and fb.item_id = e.item_id
),

-- one row per (alert, A, B); an investigation that ran two variants of one query family counts once
pairs as (
  select
    account_id,
    alert_id,
    after_item_type,
    after_item_id,
    item_type,
    item_id,
    hll_union_agg(investigations_sketch) as investigations_sketch,
    hll_sketch_estimate(hll_union_agg(investigations_sketch)) as n_pair,
    hll_sketch_estimate(hll_union_agg(users_sketch)) as n_users,
    array_sort(flatten(collect_list(durations_s))) as durations_s
  from mapped
  where not (after_item_type = item_type and after_item_id = item_id)
  group by account_id, alert_id, after_item_type, after_item_id, item_type, item_id
),

froms as (
  select
    account_id,
    alert_id,
    after_item_type,
    after_item_id,
    hll_sketch_estimate(hll_union_agg(investigations_sketch)) as n_from
  from pairs
  group by account_id, alert_id, after_item_type, after_item_id
),

-- an investigation belongs to one alert: the account's counts are sums over its alerts
alert_targets as (
  select account_id, alert_id, item_type, item_id, sum(n_pair) as m_target
  from pairs
  group by account_id, alert_id, item_type, item_id
),

alert_steps as (
  select account_id, alert_id, sum(n_pair) as m_steps
  from pairs
  group by account_id, alert_id
),

account_pairs as (
  select account_id, after_item_type, after_item_id, item_type, item_id, sum(n_pair) as n_pair
  from pairs
  group by account_id, after_item_type, after_item_id, item_type, item_id
),

account_froms as (
  select account_id, after_item_type, after_item_id, sum(n_from) as n_from
  from froms
  group by account_id, after_item_type, after_item_id
),

account_targets as (
  select account_id, item_type, item_id, sum(n_pair) as n_target
  from pairs
  group by account_id, item_type, item_id
),

account_steps as (
  select account_id, sum(n_pair) as n_steps from pairs group by account_id
),

alerts as (
  select account_id, alert_id from catalog_alerts
  union
  select account_id, alert_id from alert_evidence_window
),

alert_sizes as (
  select a.account_id, a.alert_id, coalesce(sum(e.n_investigations), 0) as n_investigations
  from alerts as a
  left join alert_evidence_window as e on e.account_id = a.account_id and e.alert_id = a.alert_id
  group by a.account_id, a.alert_id
),

cold_alerts as (
  select account_id, alert_id from alert_sizes where n_investigations <= :cold_alert_max_investigations
),

-- the after items of each alert: where its own investigations went on from, and its list
contexts as (
  select account_id, alert_id, after_item_type, after_item_id from froms
  union
  select r.account_id, r.alert_id, r.item_type, r.item_id
  from recommendations as r
  left semi join account_froms as f
    on f.account_id = r.account_id and f.after_item_type = r.item_type
    and f.after_item_id = r.item_id
),

-- a cold alert learns from its similar alerts that have history of their own, as its list does:
-- those within :similar_alert_min_ratio of the closest one's similarity
warm_similar as (
  select
    s.account_id,
    s.alert_id,
    s.similar_alert_id,
    s.similarity,
    max(s.similarity) over (partition by s.account_id, s.alert_id) as best_similarity
  from similar_alerts as s
  left semi join cold_alerts as c on c.account_id = s.account_id and c.alert_id = s.alert_id
  left anti join cold_alerts as w
    on w.account_id = s.account_id and w.alert_id = s.similar_alert_id
),

teachers as (
  select account_id, alert_id, similar_alert_id, similarity
  from warm_similar
  where similarity >= :similar_alert_min_ratio * best_similarity
),

teacher_froms as (
  select t.account_id, t.alert_id, t.similar_alert_id, t.similarity,
    f.after_item_type, f.after_item_id, f.n_from
  from teachers as t
  join froms as f on f.account_id = t.account_id and f.alert_id = t.similar_alert_id
),

teacher_weights as (
  select account_id, alert_id, after_item_type, after_item_id, sum(similarity) as sum_similarity
  from teacher_froms
  group by account_id, alert_id, after_item_type, after_item_id
),

similar_priors as (
  select
    tf.account_id,
    tf.alert_id,
    tf.after_item_type,
    tf.after_item_id,
    p.item_type,
    p.item_id,
    sum(tf.similarity * p.n_pair / tf.n_from) / max(w.sum_similarity) as prior,
    min_by(
      struct(tf.similar_alert_id, p.n_pair, tf.n_from),
      struct(-tf.similarity * p.n_pair / tf.n_from, tf.similar_alert_id)
    ) as teacher
  from teacher_froms as tf
  join pairs as p
    on p.account_id = tf.account_id and p.alert_id = tf.similar_alert_id
    and p.after_item_type = tf.after_item_type and p.after_item_id = tf.after_item_id
  join teacher_weights as w
    on w.account_id = tf.account_id and w.alert_id = tf.alert_id
    and w.after_item_type = tf.after_item_type and w.after_item_id = tf.after_item_id
  group by tf.account_id, tf.alert_id, tf.after_item_type, tf.after_item_id, p.item_type, p.item_id
),

-- the candidates: what the alert itself went to (from A or from anything), its list, and for a
-- cold alert what its similar alerts or the account went to from A; a warm alert's own items are
-- not pushed aside by other alerts' paths (those still weigh in through peers)
candidates as (
  select c.account_id, c.alert_id, c.after_item_type, c.after_item_id, ap.item_type, ap.item_id
  from (
    select c.* from contexts as c
    left semi join cold_alerts as k on k.account_id = c.account_id and k.alert_id = c.alert_id
  ) as c
  join account_pairs as ap
    on ap.account_id = c.account_id and ap.after_item_type = c.after_item_type
    and ap.after_item_id = c.after_item_id
  union
  select account_id, alert_id, after_item_type, after_item_id, item_type, item_id from pairs
  union
  select account_id, alert_id, after_item_type, after_item_id, item_type, item_id
  from similar_priors
  union
  select c.account_id, c.alert_id, c.after_item_type, c.after_item_id, t.item_type, t.item_id
  from contexts as c
  join alert_targets as t on t.account_id = c.account_id and t.alert_id = c.alert_id
  union
  -- the alert's list: what its investigations use, whatever came before
  select c.account_id, c.alert_id, c.after_item_type, c.after_item_id, r.item_type, r.item_id
  from contexts as c
  join recommendations as r on r.account_id = c.account_id and r.alert_id = c.alert_id
),

evidence as (
  select
    c.*,
    coalesce(p.n_pair, 0) as n_pair,
    coalesce(p.n_users, 0) as n_users,
    p.durations_s,
    coalesce(f.n_from, 0) as n_from,
    ap.n_pair - coalesce(p.n_pair, 0) as n_pair_others,
    af.n_from - coalesce(f.n_from, 0) as n_from_others,
    sp.prior as similar_prior,
    sp.teacher,
    coalesce(u.share, 0.0) as used_share,
    u.n_investigations as alert_n_used,
    u.alert_n_investigations as alert_n_all,
    coalesce(t.m_target, 0) as m_target,
    coalesce(m.m_steps, 0) as m_steps,
    -- the other alerts' steps: the account's minus this alert's
    case when ast.n_steps - coalesce(m.m_steps, 0) > 0 then
      (coalesce(act.n_target, 0) - coalesce(t.m_target, 0)) / (ast.n_steps - coalesce(m.m_steps, 0))
    else 0.0 end as background
  from candidates as c
  left join pairs as p
    on p.account_id = c.account_id and p.alert_id = c.alert_id
    and p.after_item_type = c.after_item_type and p.after_item_id = c.after_item_id
    and p.item_type = c.item_type and p.item_id = c.item_id
  left join froms as f
    on f.account_id = c.account_id and f.alert_id = c.alert_id
    and f.after_item_type = c.after_item_type and f.after_item_id = c.after_item_id
  left join account_pairs as ap
    on ap.account_id = c.account_id and ap.after_item_type = c.after_item_type
    and ap.after_item_id = c.after_item_id and ap.item_type = c.item_type
    and ap.item_id = c.item_id
  left join account_froms as af
    on af.account_id = c.account_id and af.after_item_type = c.after_item_type
    and af.after_item_id = c.after_item_id
  left join similar_priors as sp
    on sp.account_id = c.account_id and sp.alert_id = c.alert_id
    and sp.after_item_type = c.after_item_type and sp.after_item_id = c.after_item_id
    and sp.item_type = c.item_type and sp.item_id = c.item_id
  left join alert_targets as t
    on t.account_id = c.account_id and t.alert_id = c.alert_id
    and t.item_type = c.item_type and t.item_id = c.item_id
  left join alert_steps as m on m.account_id = c.account_id and m.alert_id = c.alert_id
  left join item_scores as u
    on u.account_id = c.account_id and u.alert_id = c.alert_id
    and u.item_type = c.item_type and u.item_id = c.item_id
  left join account_targets as act
    on act.account_id = c.account_id and act.item_type = c.item_type and act.item_id = c.item_id
  join account_steps as ast on ast.account_id = c.account_id
  where not (c.after_item_type = c.item_type and c.after_item_id = c.item_id)
),

shrunk as (
  select
    *,
    (n_pair + :prior_weight * (alert_prior + peer_prior) / 2) / (n_from + :prior_weight) as share
  from (
    select
      *,
      (m_target + :prior_weight * used_share) / (m_steps + :prior_weight) as alert_prior
    from (
      select
        *,
        coalesce(
          similar_prior,
          case when n_from_others > 0 then n_pair_others / n_from_others end,
          0.0
        ) as peer_prior
      from evidence
    )
  )
),

dashboards as (
  select account_id, dashboard_id, title, coalesce(deleted, false) as deleted
  from catalog_dashboards
),

query_labels as (
  select account_id, item_id, max_by(label, struct(uses, label)) as label
  from (
    select account_id, item_id, label, sum(label_uses) as uses
    from next_step_item_evidence
    where item_type = 'query' and label is not null
    group by account_id, item_id, label
  )
  group by account_id, item_id
),

scored as (
  select
    s.*,
    round(s.share * (1 - s.background), 9) as score,
    case when s.item_type = 'dashboard' then d.title else q.label end as item_label,
    coalesce(
      case when s.after_item_type = 'dashboard' then ad.title else aq.label end,
      s.after_item_id
    ) as after_item_label,
    case when size(s.durations_s) > 0 then
      (element_at(s.durations_s, cast(floor((size(s.durations_s) + 1) / 2.0) as int))
        + element_at(s.durations_s, cast(ceil((size(s.durations_s) + 1) / 2.0) as int))) / 2
    end as median_s
  from shrunk as s
  left join dashboards as d
    on s.item_type = 'dashboard' and d.account_id = s.account_id and d.dashboard_id = s.item_id
  left join query_labels as q
    on s.item_type = 'query' and q.account_id = s.account_id and q.item_id = s.item_id
  left join dashboards as ad
    on s.after_item_type = 'dashboard' and ad.account_id = s.account_id
    and ad.dashboard_id = s.after_item_id
  left join query_labels as aq
    on s.after_item_type = 'query' and aq.account_id = s.account_id and aq.item_id = s.after_item_id
  left anti join navigation_items as n
    on n.account_id = s.account_id and n.item_type = s.item_type and n.item_id = s.item_id
  where s.share * (1 - s.background) > 0
    and (s.item_type = 'query' or (d.dashboard_id is not null and not d.deleted))
),

-- the first :top_k of each item type, as the lists keep them; rank orders what is kept over both
typed as (
  select
    *,
    row_number() over (
      partition by account_id, alert_id, after_item_type, after_item_id, item_type
      order by score desc, item_id
    ) as type_rank
  from scored
),

ranked as (
  select
    *,
    row_number() over (
      partition by account_id, alert_id, after_item_type, after_item_id
      order by score desc, item_type, item_id
    ) as rank
  from typed
  where type_rank <= :top_k
),

final as (
  select
    r.account_id,
    r.alert_id,
    r.after_item_type,
    r.after_item_id,
    r.after_item_label,
    cast(r.rank as int) as rank,
    cast(r.type_rank as int) as type_rank,
    r.item_type,
    r.item_id,
    coalesce(r.item_label, r.item_id) as item_label,
    cast(r.score as double) as score,
    cast(case when r.n_pair > 0 then r.n_pair
      when r.m_target > 0 then r.m_target
      when r.used_share > 0 then r.alert_n_used
      when r.similar_prior is not null then r.teacher.n_pair
      else r.n_pair_others end as bigint) as investigations,
    case when r.n_pair > 0 or r.m_target > 0 or r.used_share > 0 then 'alert'
      when r.similar_prior is not null then 'similar_alerts'
      else 'account' end as strategy,
    case
      when r.n_pair > 0 then format_string(
        'after "%s", %d of %d resolved investigations of this alert went here next; those resolved in a median %s',
        r.after_item_label, r.n_pair, r.n_from,
        case
          when r.median_s < 90 then format_string('%d s', cast(round(r.median_s) as int))
          when r.median_s < 5400 then format_string('%d min', cast(round(r.median_s / 60) as int))
          else format_string('%.1f h', r.median_s / 3600)
        end)
      when r.m_target > 0 then format_string(
        '%d of the %d next steps of resolved investigations of this alert went here',
        r.m_target, r.m_steps)
      when r.used_share > 0 then format_string(
        'used in %d of %d investigations of this alert', r.alert_n_used, r.alert_n_all)
      when r.similar_prior is not null then format_string(
        'learned from "%s" (a similar alert): after "%s", %d of %d of its resolved investigations went here next',
        coalesce(nullif(ca.title, ''), r.teacher.similar_alert_id), r.after_item_label,
        r.teacher.n_pair, r.teacher.n_from)
      else format_string(
        'after "%s", %d of %d resolved investigations of other alerts of this account went here next',
        r.after_item_label, r.n_pair_others, r.n_from_others)
    end as reason,
    :model_version as model_version,
    cast(:generated_at as timestamp) as generated_at
  from ranked as r
  left join catalog_alerts as ca
    on r.similar_prior is not null and ca.account_id = r.account_id
    and ca.alert_id = r.teacher.similar_alert_id
)

select * from final
