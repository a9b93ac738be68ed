//! Prepares a database for `scripts/bench-audit.sh`: a site admin `bench` and an auditor
//! `audit` (password `bench-password`), factories A and B with 20 members each, and ROWS
//! audit rows spread over the past year: about 55 % in A (model saves, entity changes,
//! checklist answers, decisions, by A's members), 25 % in B, 20 % logins of members of
//! either (one in twenty failed). Prints A's id.
//!
//! Usage: cargo run --release -p kojo-web --example bench_audit_setup -- DATABASE_URL ROWS

use sqlx::{Executor, QueryBuilder};

const ACTIONS: &[(&str, &str)] = &[
    ("model.save", "model:v"),
    ("asset.update", "asset:asset-"),
    ("flow.create", "flow:flow-"),
    ("checklist.answer", "party:acme/procurement.item-"),
    ("decision.set", "finding:F-"),
    ("zone.update", "zone:zone-"),
];

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: bench_audit_setup DATABASE_URL ROWS"))?;
    let rows: i64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    kojo_web::block_on(async move {
        let store = kojo_web::store::Store::open(&url).await?;
        let hash = kojo_web::service::access::hash_password("bench-password".into()).await?;
        let bench = store.create_user("bench", &hash, true, None).await?;
        let auditor = store.create_user("audit", &hash, false, None).await?;
        let fa = store.create_factory("Factory A", &bench).await?;
        let fb = store.create_factory("Factory B", &bench).await?;
        store
            .set_membership(&auditor, &fa, kojo_web::store::Role::Auditor, None, &bench)
            .await?;
        // (id, name) of A's members, then B's.
        let mut members: Vec<(String, String)> = Vec::new();
        for (f, prefix) in [(&fa, "a"), (&fb, "b")] {
            for i in 0..20 {
                let name = format!("{prefix}-member{i}");
                let id = store.create_user(&name, &hash, false, None).await?;
                store
                    .set_membership(&id, f, kojo_web::store::Role::Editor, None, &bench)
                    .await?;
                members.push((id, name));
            }
        }
        store.close().await;
        let now = kojo_web::store::now_ms();
        let span = 365 * kojo_web::store::DAY_MS;
        let row = |i: i64| {
            let at = now - span + i * span / rows;
            let pick = (i * 7919) % 100;
            // A's members act in A, B's in B; logins are of either.
            let in_a = pick < 55 || (80..90).contains(&pick);
            let (id, name) = &members[(i as usize * 31) % 20 + if in_a { 0 } else { 20 }];
            if pick >= 80 {
                let action = if i % 20 == 0 {
                    "login.failure"
                } else {
                    "login"
                };
                let after = r#"{"address":"10.0.0.7"}"#.to_string();
                return (
                    at,
                    Some(id.clone()),
                    None,
                    action,
                    format!("user:{name}"),
                    after,
                );
            }
            let factory = if in_a { fa.clone() } else { fb.clone() };
            let (action, target) = ACTIONS[(i as usize) % ACTIONS.len()];
            let after = format!(r#"{{"version":{i},"sha256":"{i:064x}","note":"bench row {i}"}}"#);
            let target = format!("{target}{}", i % 500);
            (at, Some(id.clone()), Some(factory), action, target, after)
        };
        // Bulk rows straight into the table, 500 a statement in one transaction.
        macro_rules! fill {
            ($pool:expr) => {{
                let mut tx = $pool.begin().await?;
                let mut i = 0;
                while i < rows {
                    let mut q = QueryBuilder::new(
                        "INSERT INTO audit_log (at, user_id, factory_id, action, target, before, after) ",
                    );
                    let end = (i + 500).min(rows);
                    q.push_values(i..end, |mut b, n| {
                        let (at, user, factory, action, target, after) = row(n);
                        b.push_bind(at)
                            .push_bind(user)
                            .push_bind(factory)
                            .push_bind(action)
                            .push_bind(target)
                            .push_bind(None::<String>)
                            .push_bind(after);
                    });
                    q.build().execute(&mut *tx).await?;
                    i = end;
                }
                tx.commit().await?;
            }};
        }
        if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(&url).await?;
            fill!(pool);
            pool.execute("ANALYZE").await?;
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(&url).await?;
            fill!(pool);
            // As autovacuum leaves a table in use: visible to index-only scans.
            pool.execute("VACUUM ANALYZE audit_log").await?;
            pool.close().await;
        }
        println!("{fa}");
        anyhow::Ok(())
    })?
}
