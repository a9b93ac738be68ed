//! Prepares a data directory for `scripts/bench-web.sh`: a user `bench` (password
//! `bench-password`, site admin) and a factory whose model has ASSETS assets (kojo-synth).
//! Prints the factory id.
//!
//! Usage: cargo run --release -p kojo-web --example bench_setup -- DATA_DIR [ASSETS]

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: bench_setup DATA_DIR [ASSETS]"))?,
    );
    let assets: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(1000);
    std::fs::create_dir_all(&dir)?;
    let yaml = kojo_synth::factory_yaml(assets, (assets / 20).max(5), assets * 2, 7);
    kojo_web::block_on(async move {
        let url = format!("sqlite:{}", dir.join("kojo.db").display());
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
        store.close().await;
        println!("{fid}");
        Ok(())
    })?
}
