//! `kojo serve --demo`: the Annex A factories of the smartification appendix (each case's
//! "before" model as version 1 and its "after" model as version 2) and an admin account.

use crate::store::Store;

/// The Annex A cases, embedded: (factory name, before, after).
pub const CASES: [(&str, &str, &str); 3] = [
    (
        "Annex A case (i): CAD-driven manufacturing",
        include_str!("../../../../examples/annex-a/case1-before.yaml"),
        include_str!("../../../../examples/annex-a/case1-after.yaml"),
    ),
    (
        "Annex A case (ii): remote maintenance of the automated warehouse",
        include_str!("../../../../examples/annex-a/case2-before.yaml"),
        include_str!("../../../../examples/annex-a/case2-after.yaml"),
    ),
    (
        "Annex A case (iii): MES upgrade",
        include_str!("../../../../examples/annex-a/case3-before.yaml"),
        include_str!("../../../../examples/annex-a/case3-after.yaml"),
    ),
];

/// The demo admin's user name.
pub const DEMO_ADMIN: &str = "admin";

/// Loads the demo once: returns the admin's name and a new random password, or `None` when
/// the admin already exists (the password is never shown again).
pub async fn load(store: &Store) -> anyhow::Result<Option<(String, String)>> {
    if store.user_by_name(DEMO_ADMIN).await?.is_some() {
        return Ok(None);
    }
    let password = crate::store::hex(&crate::store::random_bytes::<12>());
    let hash = crate::service::access::hash_password(password.clone()).await?;
    // Two servers started at once on one fresh database race here: the name is unique,
    // so the loser is told the demo is present (the winner loads it) instead of failing.
    let admin = match store.create_user(DEMO_ADMIN, &hash, true, None).await {
        Ok(id) => id,
        Err(crate::store::StoreError::Conflict(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    for (name, before, after) in CASES {
        let fid = store.create_factory(name, &admin).await?;
        store
            .save_model(&fid, before, &admin, "Annex A: before")
            .await?;
        store
            .save_model(&fid, after, &admin, "Annex A: after")
            .await?;
    }
    Ok(Some((DEMO_ADMIN.to_string(), password)))
}
