//! Prepares a database for `scripts/bench-web.sh`: a user `bench` (password
//! `bench-password`, site admin), a user `viewer` (password `viewer-password`, viewer of the
//! factory) and a factory whose model has ASSETS assets (kojo-synth). Prints the factory id.
//!
//! Usage:
//!   bench_setup DATA_DIR [ASSETS [DATABASE_URL]]   (SQLite in DATA_DIR without a URL)
//!   bench_setup --create-schema POSTGRES_URL NAME  (a schema of its own for one run)
//!   bench_setup --drop-schema POSTGRES_URL NAME

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some(op @ ("--create-schema" | "--drop-schema")) => {
            let [_, url, name] = &args[..] else {
                anyhow::bail!("usage: bench_setup {op} POSTGRES_URL NAME");
            };
            schema(op == "--create-schema", url, name)
        }
        Some(dir) => {
            let assets: usize = args.get(1).map(|a| a.parse()).transpose()?.unwrap_or(1000);
            setup(std::path::Path::new(dir), assets, args.get(2).cloned())
        }
        None => anyhow::bail!("usage: bench_setup DATA_DIR [ASSETS [DATABASE_URL]]"),
    }
}

/// Creates or drops (with everything in it) the schema `name`.
fn schema(create: bool, url: &str, name: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        anyhow::bail!("a schema name is lower-case letters, digits and _: {name:?}");
    }
    let sql = if create {
        format!("CREATE SCHEMA {name}")
    } else {
        format!("DROP SCHEMA IF EXISTS {name} CASCADE")
    };
    kojo_web::block_on(async move {
        let mut c = sqlx::PgConnection::connect(url).await?;
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut c)
            .await?;
        c.close().await?;
        Ok(())
    })?
}

fn setup(dir: &std::path::Path, assets: usize, url: Option<String>) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let url = url.unwrap_or_else(|| format!("sqlite:{}", dir.join("kojo.db").display()));
    let yaml = kojo_synth::factory_yaml(assets, (assets / 20).max(5), assets * 2, 7);
    kojo_web::block_on(async move {
        let store = kojo_web::store::Store::open(&url).await?;
        if let Err(p) = kojo_web::service::models::check(&yaml) {
            anyhow::bail!(
                "the synthetic model does not validate: {:?}",
                &p[..p.len().min(5)]
            );
        }
        let hash = kojo_web::service::access::hash_password("bench-password".into()).await?;
        let uid = store.create_user("bench", &hash, true, None).await?;
        let fid = store
            .create_factory(&format!("Synthetic factory, {assets} assets"), &uid)
            .await?;
        store.save_model(&fid, &yaml, &uid, "kojo-synth").await?;
        let hash = kojo_web::service::access::hash_password("viewer-password".into()).await?;
        let viewer = store
            .create_user("viewer", &hash, false, Some(&uid))
            .await?;
        store
            .set_membership(&viewer, &fid, kojo_web::store::Role::Viewer, None, &uid)
            .await?;
        store.close().await;
        println!("{fid}");
        Ok(())
    })?
}
